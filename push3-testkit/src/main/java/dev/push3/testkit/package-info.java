/** Support for Push3's own tests: gating of integration tests on the parts they need. */
package dev.push3.testkit;
