/** Support for Push3's own tests: gating of integration tests on the parts they need, and TLS material made with openssl. */
package dev.push3.testkit;
