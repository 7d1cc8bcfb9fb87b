/**
 * Discovery of authenticator and metrics source providers with
 * {@link java.util.ServiceLoader}: {@link dev.push3.core.plugin.ProviderCatalog}.
 * Exported to the application module only.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
@NullMarked
package dev.push3.core.plugin;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
