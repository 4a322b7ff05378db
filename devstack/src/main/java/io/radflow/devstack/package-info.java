/** Local infrastructure launchers. */
package io.radflow.devstack;
