package io.radflow.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEventTest {
    @Test
    void outcomeFollowsTheHttpStatus() {
        assertThat(AuditOutcome.ofHttpStatus(200)).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(AuditOutcome.ofHttpStatus(304)).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(AuditOutcome.ofHttpStatus(404)).isEqualTo(AuditOutcome.MINOR_FAILURE);
        assertThat(AuditOutcome.ofHttpStatus(503)).isEqualTo(AuditOutcome.SERIOUS_FAILURE);
        assertThat(AuditOutcome.MAJOR_FAILURE.indicator()).isEqualTo(12);
    }

    @Test
    void builderFillsIdTimeAndDefaults() {
        AuditEvent e = AuditEvent.of(AuditEventType.DICOM_INSTANCES_ACCESSED)
                .source("labeling-service")
                .user("radiologist")
                .roles(List.of("radiologist"))
                .study("1.2.3")
                .http("GET", "/dicomweb/studies/1.2.3/metadata", 200)
                .build();
        assertThat(e.id()).isNotNull();
        assertThat(e.time()).isNotNull();
        assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(e.type().code()).isEqualTo("110103");
        assertThat(e.type().actionCode()).isEqualTo('R');
        assertThat(e.roles()).containsExactly("radiologist");
    }

    @Test
    void sourceIsRequired() {
        assertThatThrownBy(() -> AuditEvent.of(AuditEventType.QUERY).build()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void failureReasonNeverKeepsATokenAndIsBounded() {
        String jwt = "eyJraWQiOiIxIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2V4YW1wbGUifQ.c2lnbmF0dXJlLWJ5dGVz";
        String reason = SecurityEventAuditor.reason(
                new RuntimeException("wrapper", new IllegalStateException("Invalid JWS Signature: x->" + jwt)));
        assertThat(reason)
                .startsWith("IllegalStateException: Invalid JWS Signature")
                .doesNotContain("eyJ");
        assertThat(reason).contains("<token>");
        String longReason = SecurityEventAuditor.reason(new IllegalStateException("x".repeat(1000)));
        assertThat(longReason).hasSizeLessThanOrEqualTo(300);
    }
}
