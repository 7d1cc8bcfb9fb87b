/** Reading {@code push3.properties} and command-line overrides into one configuration. */
package dev.push3.app.config;
