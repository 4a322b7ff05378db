package io.radflow.dicom.net.pdu;

/** A SOP class extended negotiation sub-item (PS3.7 D.3.3.5): service-class-specific bytes. */
public record ExtendedNegotiation(String sopClassUID, byte[] info) {}
