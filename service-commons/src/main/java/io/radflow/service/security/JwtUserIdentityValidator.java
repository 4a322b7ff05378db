package io.radflow.service.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditEventType;
import io.radflow.service.audit.AuditEventTypeCode;
import io.radflow.service.audit.AuditOutcome;
import io.radflow.service.audit.AuditRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Validates the JSON Web Token that a DICOM association requestor sends in the User Identity
 * Negotiation sub-item (PS3.7 D.3.3.7, User-Identity-Type 5 "JSON Web Token"), with the same issuer, keys
 * (the realm's JWKS) and role mapping as the HTTP APIs, so a PACS can authenticate a C-STORE association
 * with a token of client {@code pacs-gateway}. The association may proceed only when the token is valid and
 * holds one of {@code radflow.dimse.jwt-roles} (default {@code pacs,admin}).
 *
 * <p>Every attempt is audited ({@code 110114} User Authentication, user = token user or, when the token is
 * invalid, the calling AE title) and every rejection is logged and counted ({@link #rejections()}). A
 * rejection should be answered with A-ASSOCIATE-RJ result 1 (rejected-permanent), source 1 (DICOM UL
 * service-user), reason 1 (no-reason-given). Blocks up to {@code radflow.dimse.jwt-timeout} (5 s) when
 * the keys must be fetched: call it on the association's thread, not on an event loop.
 */
@ApplicationScoped
public class JwtUserIdentityValidator {
    /** User-Identity-Type of a JSON Web Token (PS3.7 Table D.3-14). */
    public static final int USER_IDENTITY_TYPE_JWT = 5;

    private static final Logger LOG = Logger.getLogger(JwtUserIdentityValidator.class);

    private final TenantIdentityProvider identityProvider;
    private final AuditRecorder audit;
    private final Set<String> roles;
    private final Duration timeout;
    private final AtomicLong rejections = new AtomicLong();

    JwtUserIdentityValidator(
            TenantIdentityProvider identityProvider,
            AuditRecorder audit,
            @ConfigProperty(name = "radflow.dimse.jwt-roles", defaultValue = "pacs,admin") Set<String> roles,
            @ConfigProperty(name = "radflow.dimse.jwt-timeout", defaultValue = "5S") Duration timeout) {
        this.identityProvider = identityProvider;
        this.audit = audit;
        this.roles = Set.copyOf(roles);
        this.timeout = timeout;
    }

    /** The authenticated requestor of an association. */
    public record DimseIdentity(String user, String clientId, Set<String> roles) {}

    /** Why a user identity was not accepted; the association is to be rejected. */
    public static final class RejectedIdentityException extends Exception {
        RejectedIdentityException(String message) {
            super(message);
        }
    }

    /**
     * Validates a User Identity sub-item.
     *
     * @param userIdentityType the sub-item's User-Identity-Type; only {@value #USER_IDENTITY_TYPE_JWT} is
     *     handled here
     * @param primaryField the Primary-field: the compact JWS, ASCII
     * @param callingAeTitle the association's calling AE title (for the log and the audit record)
     * @param remoteAddress the requestor's IP address
     * @return the identity, with its realm roles
     * @throws RejectedIdentityException when the type is not JWT, the token is invalid, expired, of another
     *     issuer, or holds none of the accepted roles
     */
    public DimseIdentity validate(
            int userIdentityType, byte[] primaryField, String callingAeTitle, String remoteAddress)
            throws RejectedIdentityException {
        if (userIdentityType != USER_IDENTITY_TYPE_JWT) {
            throw reject(callingAeTitle, remoteAddress, null, "user identity type " + userIdentityType + " is not JWT");
        }
        String token = new String(primaryField, StandardCharsets.US_ASCII).trim();
        SecurityIdentity identity;
        try {
            identity = identityProvider
                    .authenticate(new AccessTokenCredential(token))
                    .await()
                    .atMost(timeout);
        } catch (RuntimeException e) {
            throw reject(
                    callingAeTitle,
                    remoteAddress,
                    null,
                    "invalid token (" + e.getClass().getSimpleName() + ")");
        }
        String user = identity.getPrincipal().getName();
        String client = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null;
        if (identity.getRoles().stream().noneMatch(roles::contains)) {
            throw reject(callingAeTitle, remoteAddress, identity, "token of " + user + " holds none of " + roles);
        }
        audit.record(AuditEvent.of(AuditEventType.USER_AUTHENTICATION)
                .typeCode(AuditEventTypeCode.LOGIN)
                .user(user)
                .client(client)
                .roles(sorted(identity))
                .from(remoteAddress)
                .detail("DIMSE user identity (JWT) accepted for calling AE " + callingAeTitle));
        return new DimseIdentity(user, client, Set.copyOf(identity.getRoles()));
    }

    /** Rejected identities since start. */
    public long rejections() {
        return rejections.get();
    }

    private RejectedIdentityException reject(
            String callingAeTitle, String remoteAddress, SecurityIdentity identity, String reason) {
        rejections.incrementAndGet();
        LOG.warnf("DIMSE user identity rejected: calling AE %s from %s: %s", callingAeTitle, remoteAddress, reason);
        audit.record(AuditEvent.of(AuditEventType.USER_AUTHENTICATION)
                .typeCode(AuditEventTypeCode.LOGIN)
                .outcome(AuditOutcome.MINOR_FAILURE)
                .user(identity != null ? identity.getPrincipal().getName() : callingAeTitle)
                .roles(identity != null ? sorted(identity) : List.of())
                .from(remoteAddress)
                .detail("DIMSE user identity rejected for calling AE " + callingAeTitle + ": " + reason));
        return new RejectedIdentityException(reason);
    }

    private static List<String> sorted(SecurityIdentity identity) {
        return identity.getRoles().stream().sorted().toList();
    }
}
