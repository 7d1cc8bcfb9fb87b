/**
 * Where {@code push3} finds its plugins: the module layer of the {@code plugins/}
 * directory ({@link dev.push3.app.plugins.PluginLayer}) or the class path, gathered in
 * {@link dev.push3.app.plugins.Plugins}, and the one discovery of providers with
 * {@link java.util.ServiceLoader}: {@link dev.push3.app.plugins.ProviderCatalog}, which checks
 * each provider's name and the {@code push3-api} it was compiled against.
 */
package dev.push3.app.plugins;
