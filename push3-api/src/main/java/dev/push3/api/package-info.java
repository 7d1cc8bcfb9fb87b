/**
 * Types shared by every Push3 plugin: the read-only {@link dev.push3.api.PluginConfig}
 * a provider is created from and the {@link dev.push3.api.ConfigException} it throws
 * when a setting is wrong.
 */
package dev.push3.api;
