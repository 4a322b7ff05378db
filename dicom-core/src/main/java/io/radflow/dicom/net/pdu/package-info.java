/**
 * The DICOM upper layer protocol data units of PS3.8 section 9.3: A-ASSOCIATE-RQ/AC/RJ with their
 * items and sub-items, A-RELEASE-RQ/RP, A-ABORT, and a strict decoder and encoder for them.
 */
package io.radflow.dicom.net.pdu;
