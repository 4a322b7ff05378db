package io.radflow.ingest.dimse;

import io.radflow.dicom.net.AAssociateRJException;
import io.radflow.dicom.net.DicomServer;
import io.radflow.dicom.net.UserIdentityNegotiator;
import io.radflow.dicom.net.pdu.AAssociateRJ;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.UserIdentityAC;
import io.radflow.dicom.net.pdu.UserIdentityRQ;
import io.radflow.ingest.audit.InstanceAudit;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.config.IngestConfig.UserIdentityMode;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.ingest.receive.InstanceIngest;
import io.radflow.service.security.JwtUserIdentityValidator;
import io.radflow.service.security.JwtUserIdentityValidator.DimseIdentity;
import io.radflow.service.security.JwtUserIdentityValidator.RejectedIdentityException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Decides on every association request to an ingest AE, in this order: the calling AE title must be on
 * the allow-list of the called AE (the default AE: {@code radflow.ingest.dicom.accepted-calling-ae-titles};
 * a further called AE: {@code called-aes."AE".accepted-calling-ae-titles}) and, where configured, come
 * from one of its hosts ({@code accepted-hosts."AE"}); the archive must have room; and the user identity
 * is checked as {@code radflow.ingest.dicom.user-identity} says (a JSON Web Token, type 5, validated by
 * service-commons' {@link JwtUserIdentityValidator}). Each rejection is logged at WARN with the calling
 * AE and address, counted ({@code radflow_ingest_associations_rejected_total{reason}}) and audited. The
 * accepted identity of an association is kept for the audit records of its instances. Rejections decided
 * before this policy is asked (a called AE title other than the ingest AE, the association limit) and
 * failed TLS handshakes reach it as {@link DicomServer.RejectionListener} and are counted and audited too.
 */
final class AssociationPolicy implements UserIdentityNegotiator, DicomServer.RejectionListener {
    private static final Logger LOG = Logger.getLogger(AssociationPolicy.class);

    private final IngestConfig.Dicom config;
    private final Map<String, AllowList> allowLists;
    private final InstanceIngest ingest;
    private final IngestMetrics metrics;
    private final InstanceAudit audit;
    private final JwtUserIdentityValidator validator;
    private final Map<AAssociateRQ, DimseIdentity> identities = Collections.synchronizedMap(new WeakHashMap<>());

    AssociationPolicy(
            IngestConfig.Dicom config,
            InstanceIngest ingest,
            IngestMetrics metrics,
            InstanceAudit audit,
            JwtUserIdentityValidator validator) {
        this.config = config;
        this.allowLists = allowLists(config);
        this.ingest = ingest;
        this.metrics = metrics;
        this.audit = audit;
        this.validator = validator;
    }

    /** Who may associate with one called AE: calling AE titles (empty: any) and hosts per calling AE. */
    private record AllowList(Set<String> callingAeTitles, Map<String, List<String>> hosts) {
        static AllowList of(List<String> callingAeTitles, Map<String, List<String>> hosts) {
            return new AllowList(
                    callingAeTitles.contains("*") ? Set.of() : Set.copyOf(callingAeTitles), Map.copyOf(hosts));
        }

        @Override
        public String toString() {
            return (callingAeTitles.isEmpty() ? "any calling AE" : "calling AE titles " + callingAeTitles)
                    + (hosts.isEmpty() ? "" : " (hosts " + hosts + ")");
        }
    }

    /** The allow-list of each called AE title served: the default AE first. */
    private static Map<String, AllowList> allowLists(IngestConfig.Dicom config) {
        Map<String, AllowList> lists = new LinkedHashMap<>();
        lists.put(config.aeTitle(), AllowList.of(config.acceptedCallingAeTitles(), config.acceptedHosts()));
        config.calledAes().forEach((title, ae) -> {
            if (lists.containsKey(title)) {
                throw new IllegalArgumentException("radflow.ingest.dicom.called-aes.\"" + title
                        + "\" repeats the default AE title: configure it with radflow.ingest.dicom.accepted-*");
            }
            lists.put(title, AllowList.of(ae.acceptedCallingAeTitles(), ae.acceptedHosts()));
        });
        return Collections.unmodifiableMap(lists);
    }

    /** The called AE titles served, the default AE first. */
    Set<String> calledAeTitles() {
        return allowLists.keySet();
    }

    /** Who may associate with {@code calledAeTitle}, for the log. */
    String describe(String calledAeTitle) {
        return String.valueOf(allowLists.get(calledAeTitle));
    }

    @Override
    public UserIdentityAC negotiate(AAssociateRQ rq, String remote) throws AAssociateRJException {
        String calling = rq.getCallingAET();
        AllowList allowed = allowLists.get(rq.getCalledAET());
        if (allowed == null) { // the server routes only the AEs it was given; defensive
            throw reject(rq, remote, "called-ae", true, "called AE title not served", calledNotRecognized());
        }
        if (!allowed.callingAeTitles().isEmpty() && !allowed.callingAeTitles().contains(calling)) {
            throw reject(
                    rq,
                    remote,
                    "calling-ae",
                    true,
                    "calling AE title not on the allow-list of " + rq.getCalledAET(),
                    callingNotRecognized());
        }
        List<String> hosts = allowed.hosts().get(calling);
        if (hosts != null && !hosts.contains(remote)) {
            throw reject(
                    rq, remote, "host", true, "address not allowed for this calling AE title", callingNotRecognized());
        }
        if (!ingest.hasRoom()) {
            throw reject(
                    rq,
                    remote,
                    "disk-full",
                    false,
                    "archive below free-space limit",
                    new Decided(
                            AAssociateRJ.RESULT_REJECTED_TRANSIENT,
                            AAssociateRJ.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                            AAssociateRJ.REASON_LOCAL_LIMIT_EXCEEDED));
        }
        return userIdentity(rq, remote);
    }

    /** The JWT identity an association was accepted with, or null (none sent, or mode {@code none}). */
    DimseIdentity identity(AAssociateRQ rq) {
        return rq == null ? null : identities.get(rq);
    }

    private UserIdentityAC userIdentity(AAssociateRQ rq, String remote) throws AAssociateRJException {
        UserIdentityMode mode = config.userIdentity();
        UserIdentityRQ uid = rq.getUserIdentity();
        if (mode == UserIdentityMode.NONE) {
            return null;
        }
        boolean jwt = uid != null && uid.type() == UserIdentityRQ.JWT;
        if (!jwt && mode == UserIdentityMode.OPTIONAL) {
            if (uid != null) {
                LOG.infof(
                        "association from %s (%s): user identity type %d ignored (only JWT, type 5, is verified)",
                        rq.getCallingAET(), remote, uid.type());
            }
            return null;
        }
        if (uid == null) {
            // the validator audits what it validates; a missing identity is audited here
            throw reject(rq, remote, "user-identity", true, "no user identity (JWT required)", noReason());
        }
        try {
            DimseIdentity id = validator.validate(uid.type(), uid.primaryField(), rq.getCallingAET(), remote);
            identities.put(rq, id);
            return new UserIdentityAC(new byte[0]);
        } catch (RejectedIdentityException e) {
            // logged at WARN, counted and audited by the validator
            metrics.rejectedAssociation("user-identity");
            throw noReason();
        }
    }

    @Override
    public void associationRejected(String remote, AAssociateRQ rq, AAssociateRJException rejection) {
        if (rejection instanceof Decided) {
            return; // logged, counted and audited where it was decided
        }
        AAssociateRJ rj = rejection.getRJ();
        boolean transientLimit = rj.result() == AAssociateRJ.RESULT_REJECTED_TRANSIENT;
        String metric = transientLimit
                ? "limit"
                : rj.source() == AAssociateRJ.SOURCE_SERVICE_USER
                                && rj.reason() == AAssociateRJ.REASON_CALLED_AET_NOT_RECOGNIZED
                        ? "called-ae"
                        : "protocol";
        metrics.rejectedAssociation(metric);
        LOG.warnf(
                "association from calling AE %s (%s) to %s rejected: %s",
                rq.getCallingAET(), remote, rq.getCalledAET(), rj);
        audit.associationRejected(rq.getCallingAET(), rq.getCalledAET(), remote, !transientLimit, rj.toString());
    }

    @Override
    public void tlsHandshakeFailed(String remote, SSLException cause) {
        metrics.rejectedAssociation("tls");
        audit.tlsHandshakeFailed(remote, cause.getMessage());
    }

    /** A rejection this policy decided, logged, counted and audited itself. */
    private static final class Decided extends AAssociateRJException {
        Decided(int result, int source, int reason) {
            super(result, source, reason);
        }
    }

    private AAssociateRJException reject(
            AAssociateRQ rq,
            String remote,
            String metric,
            boolean authentication,
            String reason,
            AAssociateRJException rj) {
        metrics.rejectedAssociation(metric);
        LOG.warnf(
                "association from calling AE %s (%s) to %s rejected: %s",
                rq.getCallingAET(), remote, rq.getCalledAET(), reason);
        audit.associationRejected(rq.getCallingAET(), rq.getCalledAET(), remote, authentication, reason);
        return rj;
    }

    private static AAssociateRJException callingNotRecognized() {
        return new Decided(
                AAssociateRJ.RESULT_REJECTED_PERMANENT,
                AAssociateRJ.SOURCE_SERVICE_USER,
                AAssociateRJ.REASON_CALLING_AET_NOT_RECOGNIZED);
    }

    private static AAssociateRJException calledNotRecognized() {
        return new Decided(
                AAssociateRJ.RESULT_REJECTED_PERMANENT,
                AAssociateRJ.SOURCE_SERVICE_USER,
                AAssociateRJ.REASON_CALLED_AET_NOT_RECOGNIZED);
    }

    private static AAssociateRJException noReason() {
        return new Decided(
                AAssociateRJ.RESULT_REJECTED_PERMANENT,
                AAssociateRJ.SOURCE_SERVICE_USER,
                AAssociateRJ.REASON_NO_REASON_GIVEN);
    }
}
