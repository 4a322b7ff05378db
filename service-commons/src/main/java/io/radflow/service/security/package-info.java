/**
 * OIDC bearer-token security shared by every Radflow service: the realm roles ({@link
 * io.radflow.service.security.Roles}), client-credentials tokens for service-to-service calls ({@link
 * io.radflow.service.security.ServiceTokens}). The OIDC defaults (issuer from {@code RADFLOW_OIDC_ISSUER},
 * roles from {@code realm_access.roles}, public health and metrics) are in this module's {@code
 * META-INF/microprofile-config.properties}; see {@code docs/security.md}.
 */
package io.radflow.service.security;
