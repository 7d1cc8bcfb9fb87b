/**
 * Discovery of authenticator and metrics source providers with
 * {@link java.util.ServiceLoader}: {@link dev.push3.core.plugin.ProviderCatalog}.
 * Exported to the application module only.
 */
package dev.push3.core.plugin;
