/**
 * Where {@code push3} finds its plugins: the module layer of the {@code plugins/}
 * directory ({@link dev.push3.app.plugins.PluginLayer}) or the class path, gathered in
 * {@link dev.push3.app.plugins.Plugins}.
 */
package dev.push3.app.plugins;
