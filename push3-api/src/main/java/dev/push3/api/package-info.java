/**
 * Types shared by every Push3 plugin: the read-only {@link dev.push3.api.PluginConfig}
 * a provider is created from and the {@link dev.push3.api.ConfigException} it throws
 * when a setting is wrong.
 */
@API(status = API.Status.STABLE, since = "0.1")
@NullMarked
package dev.push3.api;

import org.apiguardian.api.API;
import org.jspecify.annotations.NullMarked;
