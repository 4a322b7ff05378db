package io.radflow.ingest.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.mime.ContentType;
import io.radflow.dicom.mime.MediaTypes;
import io.radflow.dicom.mime.MultipartException;
import io.radflow.dicom.mime.MultipartPart;
import io.radflow.dicom.mime.MultipartReader;
import io.radflow.dicom.net.Status;
import io.radflow.ingest.audit.InstanceAudit;
import io.radflow.ingest.config.IngestConfig;
import io.radflow.ingest.metrics.IngestMetrics;
import io.radflow.ingest.receive.IngestResult;
import io.radflow.ingest.receive.InstanceIngest;
import io.radflow.ingest.receive.Source;
import io.radflow.service.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * STOW-RS (PS3.18 10.5): {@code POST /dicomweb/studies[/{study}]} with a {@code multipart/related;
 * type="application/dicom"} body, read part by part as it streams in; each part goes through the
 * same stages as a C-STORE, written ahead ({@link WriteAhead}: the next part is read while earlier
 * ones are committed, and the response waits for all of them). {@code type="application/dicom+json"}
 * (metadata plus bulk data parts) is read by {@link DicomJsonStow} and stored the same way. Answers 200 / 202 / 409 with the PS3.18 response, 400 for a malformed
 * request, 415 for another media type, 503 when the archive is below its free-space limit.
 *
 * <p>Callers need a bearer token with role {@code pacs} or {@code admin} (a PACS gateway's or a Radflow
 * service's client-credentials token). Every instance, stored or rejected, is audited with the token's
 * user and client and the caller's address when the response is built; a request refused as a whole
 * (every {@link #error}) leaves one audit record with the reason.
 */
@Path("/dicomweb/studies")
@RolesAllowed({Roles.PACS, Roles.ADMIN})
public class StowResource {
    /** A STOW-RS body that sends nothing for this long fails the request (and closes the connection). */
    private static final long BODY_IDLE_TIMEOUT_MS = 60_000;

    private static final Logger LOG = Logger.getLogger(StowResource.class);
    private static final String DICOM_JSON = MediaTypes.APPLICATION_DICOM_JSON;

    private final InstanceIngest ingest;
    private final IngestConfig config;

    @Inject
    InstanceAudit audit;

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentVertxRequest currentRequest;

    @Inject
    IngestMetrics metrics;

    StowResource(InstanceIngest ingest, IngestConfig config) {
        this.ingest = ingest;
        this.config = config;
    }

    @POST
    @Blocking
    @Consumes("*/*")
    public Response store(@HeaderParam("Content-Type") String contentType, @Context HttpServerRequest request) {
        return stow(null, contentType, request);
    }

    @POST
    @Path("{study}")
    @Blocking
    @Consumes("*/*")
    public Response storeToStudy(
            @PathParam("study") String study,
            @HeaderParam("Content-Type") String contentType,
            @Context HttpServerRequest request) {
        if (!UID.isValid(study)) {
            return error(400, "invalid StudyInstanceUID in the URL: " + study);
        }
        return stow(study, contentType, request);
    }

    private Response stow(String study, String contentType, HttpServerRequest request) {
        long t0 = System.nanoTime();
        InstanceAudit.Requestor who = requestor(request);
        ContentType ct;
        try {
            ct = contentType == null ? null : ContentType.parse(contentType);
        } catch (RuntimeException e) {
            return error(400, "malformed Content-Type: " + contentType);
        }
        if (ct == null || !ct.is(MediaTypes.MULTIPART_RELATED)) {
            return error(415, "expected multipart/related; type=\"application/dicom\"");
        }
        String type = ct.parameter("type");
        if (type != null
                && !type.equalsIgnoreCase(MediaTypes.APPLICATION_DICOM)
                && !type.equalsIgnoreCase(DICOM_JSON)) {
            return error(415, "unsupported multipart type " + type + " (application/dicom or application/dicom+json)");
        }
        if (ct.boundary() == null) {
            return error(400, "multipart/related without boundary");
        }
        if (!ingest.hasRoom()) {
            return error(503, "archive below free-space limit");
        }
        String client = client(who);
        String rid = "stow-" + UUID.randomUUID().toString().substring(0, 8);
        Source src = new Source(Source.STOW, client, rid);
        StowResponse rsp = new StowResponse(config.retrieveBaseUrl());
        WriteAhead ahead = new WriteAhead(rsp);
        // only now, with the headers accepted, the body is asked for (and 100 Continue sent): a refused
        // request's client need not upload it
        InputStream body = new RequestBodyStream(request, BODY_IDLE_TIMEOUT_MS);
        try (MultipartReader reader = MultipartReader.of(body, contentType)) {
            if (DICOM_JSON.equalsIgnoreCase(type)) {
                new DicomJsonStow(ingest).store(reader, src, study, ahead);
            }
            MultipartPart part;
            while (!DICOM_JSON.equalsIgnoreCase(type) && (part = reader.nextPart()) != null) {
                Source ps = src.withCorrelationId(rid + "-" + part.index());
                String media = part.mediaType(type == null ? MediaTypes.APPLICATION_DICOM : type);
                if (!MediaTypes.APPLICATION_DICOM.equalsIgnoreCase(media)) {
                    LOG.warnf(
                            "%s part %d from %s: media type %s is not application/dicom",
                            rid, part.index(), client, media);
                    ahead.add(new IngestResult(
                            Status.CannotUnderstand,
                            IngestResult.Outcome.INVALID,
                            null,
                            null,
                            null,
                            null,
                            "part media type " + media));
                    continue;
                }
                ahead.add(ingest.ingestPart10Async(ps, study, part.body()));
            }
            long t1 = System.nanoTime();
            ahead.awaitAll();
            metrics.stage("stow-await", t1);
        } catch (DicomJsonStow.MalformedMetadataException e) {
            ahead.awaitAll();
            LOG.warnf("%s from %s: %s", rid, client, e.getMessage());
            return error(400, e.getMessage());
        } catch (MultipartException e) {
            ahead.awaitAll();
            LOG.warnf("%s from %s: malformed multipart body: %s", rid, client, e.getMessage());
            if (rsp.isEmpty()) {
                return error(400, "malformed multipart body: " + e.getMessage());
            }
            rsp.add(new IngestResult(
                    Status.CannotUnderstand, IngestResult.Outcome.INVALID, null, null, null, null, e.getMessage()));
        } catch (IOException e) {
            ahead.awaitAll(); // parts already written ahead are durable or failed; the request is not answered
            LOG.warnf("%s from %s: request failed: %s", rid, client, e.toString());
            auditParts(who, rsp, request, 400);
            return error(400, "request body could not be read: " + e.getMessage());
        }
        if (rsp.isEmpty()) {
            return error(400, "multipart body without parts");
        }
        long t2 = System.nanoTime();
        int status = rsp.httpStatus();
        auditParts(who, rsp, request, status);
        LOG.infof("%s from %s: HTTP %d", rid, client, status);
        Response r =
                Response.status(status).type(DICOM_JSON).entity(rsp.json(study)).build();
        metrics.stage("stow-answer", t2);
        metrics.stage("stow-request", t0);
        return r;
    }

    /** A refusal of the whole request (no instance stored), audited with the reason. */
    private Response error(int status, String message) {
        HttpServerRequest request = currentRequest.getCurrent().request();
        audit.stowRefused(requestor(request), null, request.path(), status, message);
        return Response.status(status).type("text/plain").entity(message + "\n").build();
    }

    private void auditParts(InstanceAudit.Requestor who, StowResponse rsp, HttpServerRequest request, int status) {
        audit.stow(who, rsp.results(), request.path(), status);
    }

    /**
     * The STOW-RS sender, for quiet periods, metrics and conflict events: the OIDC client the token was
     * issued to ({@code azp}, e.g. {@code pacs-gateway}), else the token's user, else the peer address.
     */
    private static String client(InstanceAudit.Requestor who) {
        if (who.client() != null && !who.client().isBlank()) {
            return who.client();
        }
        if (who.user() != null && !who.user().isBlank()) {
            return who.user();
        }
        return who.address() == null ? "unknown" : who.address();
    }

    /** Who calls: the token's user, client ({@code azp}) and roles, and the peer's address. */
    private InstanceAudit.Requestor requestor(HttpServerRequest request) {
        Principal p = identity.getPrincipal();
        String address =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new InstanceAudit.Requestor(
                p == null ? null : p.getName(),
                p instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null,
                identity.getRoles().stream().sorted().toList(),
                address,
                null,
                null);
    }
}
