package io.radflow.dicom.deid;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.deid.ConfidentialityProfile.Action;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * De-identifies DICOM instances with the <b>Basic Application Level Confidentiality Profile</b> of
 * DICOM PS3.15 Annex E (Table E.1-1, 2023b edition, {@code confidentiality-profile.tsv}) and the
 * <b>Retain Patient Characteristics Option</b> (E.3.6): age, sex, size, weight, pregnancy and
 * smoking status stay, because body-composition models need size and weight. The result records
 * what was done: Patient Identity Removed (0012,0062) {@code YES}, De-identification Method
 * (0012,0063) and De-identification Method Code Sequence (0012,0064) with (113100, DCM, "Basic
 * Application Confidentiality Profile") and (113108, DCM, "Retain Patient Characteristics Option"),
 * and Longitudinal Temporal Information Modified (0028,0303) {@code REMOVED}.
 *
 * <h2>Options</h2>
 *
 * Applied: Retain Patient Characteristics only. <b>Not</b> applied: Retain Longitudinal Temporal
 * Information with Full Dates or with Modified Dates (dates and times are emptied, removed or
 * replaced by a dummy as the Basic Profile says), Retain UIDs (UIDs are replaced, see below),
 * Retain Device Identity, Retain Institution Identity, Retain Safe Private (every private element
 * is removed), Clean Descriptors, Clean Structured Content, Clean Graphics, Clean Pixel Data and
 * Clean Recognizable Visual Features.
 *
 * <h2>How the action codes are applied</h2>
 *
 * Every element is looked up in Table E.1-1, at the top level and in every sequence item
 * (recursively):
 *
 * <ul>
 *   <li>X: removed. Z: replaced by a zero length value (a sequence by one without items). D:
 *       replaced by a dummy value of its VR ({@code REMOVED} for text, {@code 19000101}, {@code
 *       000000} and {@code 19000101000000} for dates, times and date-times, {@code 0} for numbers,
 *       a pseudonym for UIDs); a D on a sequence or on OB/OW/UN-like binary values empties it
 *       instead of inventing content. U: each UID is replaced by its pseudonym.
 *   <li>The conditional codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) depend on whether the instance's IOD
 *       requires the attribute, which this class does not model. It resolves them so that the
 *       instance keeps whatever presence its IOD requires without keeping any original value: an
 *       absent element stays absent; a present one becomes Z (X/Z), D (X/D, Z/D, X/Z/D; Z when it
 *       was empty already), or, for X/Z/U* (Referenced Image, Source Image Sequence), keeps its
 *       items with their UIDs replaced and the rest of the items de-identified.
 *   <li>K of the Retain Patient Characteristics column: kept. C (cleaning) of that column is not
 *       implemented: Allergies, Patient State, Pre-Medication and Special Needs are removed as the
 *       Basic Profile says.
 *   <li>Radflow is stricter than the table in these points: Ethnic Group (0010,2160), which the
 *       option would keep, is removed; every element of an odd group (private elements and their
 *       creators), every curve (50xx) and overlay (60xx) element and every group length is removed;
 *       File Meta elements (0002,xxxx) are removed from the data set (a writer creates new ones);
 *       an element the table does not list is handled by its VR: a PN or a date, time or date-time
 *       (DA, TM, DT) is emptied, a UN (an element unknown to the dictionary) is removed, a UI is
 *       replaced by its pseudonym unless it names a class, a transfer syntax or a coding scheme
 *       ({@link #KEPT_UID_ATTRIBUTES}) or is a UID of the DICOM standard itself ({@code
 *       1.2.840.10008.*}).
 * </ul>
 *
 * Patient's Name (0010,0010) and Patient ID (0010,0020) are set to the caller's pseudonymous
 * subject identifier (the Z of the table allows a dummy value).
 *
 * <h2>UID pseudonyms</h2>
 *
 * A UID becomes {@code 2.25.<decimal>}, the decimal being 128 bits of HMAC-SHA256(key, UID) made a
 * version 8 (custom) UUID of RFC 9562 (6 of the bits set to the version and variant), so that the
 * result is a valid UUID-derived UID (PS3.5 B.2) of at most 44 characters. The same UID always gives
 * the same pseudonym under one key, so the study, series, frame of reference and the references
 * between instances stay consistent across the files of one export; another key gives unrelated
 * pseudonyms, and without the key the original UIDs cannot be recovered. SOP Class, Transfer
 * Syntax and the other UIDs of {@link #KEPT_UID_ATTRIBUTES} are not replaced.
 *
 * <h2>Not addressed</h2>
 *
 * Pixel data is left untouched: identifying text burned into the pixels is not detected or removed
 * (the Clean Pixel Data Option is not implemented). Instances marked Burned In Annotation
 * (0028,0301) {@code YES} are therefore refused with a {@link DeidentificationException}, so that
 * exporters skip them; an instance without that attribute, or with {@code NO}, is accepted as it
 * is (it is the sender's statement). Recognizable visual features (faces in head CT/MR) are not
 * addressed either. Identifying text in attributes the table keeps (e.g. free text a site puts in a
 * kept attribute) is not searched for.
 *
 * <p>Instances of this class are immutable and thread safe.
 */
public final class Deidentifier {
    /** Attributes whose UIDs identify classes, transfer syntaxes or coding schemes, not instances. */
    public static final Set<Integer> KEPT_UID_ATTRIBUTES = Set.of(
            Tag.SOPClassUID,
            Tag.ReferencedSOPClassUID,
            Tag.MediaStorageSOPClassUID,
            Tag.AffectedSOPClassUID,
            Tag.RequestedSOPClassUID,
            Tag.ReferencedSOPClassUIDInFile,
            Tag.SOPClassesInStudy,
            Tag.RelatedGeneralSOPClassUID,
            Tag.OriginalSpecializedSOPClassUID,
            Tag.ReferencedRelatedGeneralSOPClassUIDInFile,
            Tag.TransferSyntaxUID,
            Tag.ReferencedTransferSyntaxUIDInFile,
            Tag.ImplementationClassUID,
            Tag.CodingSchemeUID,
            Tag.ContextUID,
            Tag.MappingResourceUID);

    /** Values of De-identification Method (0012,0063), each at most 64 characters (LO). */
    public static final List<String> METHOD = List.of(
            "DICOM PS3.15 Basic Application Confidentiality Profile",
            "Retain Patient Characteristics Option",
            "Radflow Deidentifier: UIDs as keyed HMAC-SHA256 pseudonyms");

    /** The codes of De-identification Method Code Sequence (0012,0064), CID 7050. */
    public static final List<Code> METHOD_CODES =
            List.of(Codes.BASIC_APPLICATION_CONFIDENTIALITY_PROFILE, Codes.RETAIN_PATIENT_CHARACTERISTICS_OPTION);

    /** Minimum key length in bytes. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String DICOM_ROOT = "1.2.840.10008.";
    private static final String HMAC = "HmacSHA256";
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String DUMMY_TEXT = "REMOVED";
    private static final ConfidentialityProfile PROFILE =
            ConfidentialityProfile.load(Map.of(Tag.EthnicGroup, Action.X));

    private final byte[] key;
    private final ThreadLocal<Mac> mac;

    /**
     * A de-identifier whose UID pseudonyms are keyed with {@code key} (at least {@value
     * #MIN_KEY_BYTES} bytes; one key per export, kept secret or discarded afterwards).
     */
    public Deidentifier(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("key of at least " + MIN_KEY_BYTES + " bytes required");
        }
        this.key = key.clone();
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    /** A new random 32 byte key. */
    public static byte[] newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(HMAC);
            m.init(new SecretKeySpec(key, HMAC));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " not available", e);
        }
    }

    /**
     * The pseudonym of {@code uid} under this key: {@code 2.25.<decimal>}; UIDs of the DICOM
     * standard ({@code 1.2.840.10008.*}) and empty strings are returned unchanged.
     */
    public String pseudonymizeUid(String uid) {
        String u = uid.strip();
        if (u.isEmpty() || u.startsWith(DICOM_ROOT)) {
            return u;
        }
        Mac m = mac.get();
        byte[] h = Arrays.copyOf(m.doFinal(u.getBytes(StandardCharsets.US_ASCII)), 16);
        h[6] = (byte) ((h[6] & 0x0F) | 0x80); // version 8
        h[8] = (byte) ((h[8] & 0x3F) | 0x80); // variant 10
        return "2.25." + new BigInteger(1, h);
    }

    /**
     * A de-identified copy of {@code dataset} (which is left unchanged; pixel data and other bulk
     * data are shared with it, not copied).
     *
     * @param dataset the instance's data set (File Meta elements, if any, are dropped)
     * @param subject the pseudonymous subject identifier for Patient's Name and Patient ID: 1 to 64
     *     characters of {@code A-Z a-z 0-9 . _ -}
     * @throws DeidentificationException when Burned In Annotation (0028,0301) is YES
     * @throws IllegalArgumentException when {@code subject} is not a valid identifier
     */
    public Attributes deidentify(Attributes dataset, String subject) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("subject must be 1-64 characters of A-Z a-z 0-9 . _ -: " + subject);
        }
        String burnedIn = dataset.getString(Tag.BurnedInAnnotation);
        if (burnedIn != null && burnedIn.strip().equalsIgnoreCase("YES")) {
            throw new DeidentificationException("Burned In Annotation is YES: pixel data may show identity (SOP "
                    + dataset.getString(Tag.SOPInstanceUID) + " not de-identified)");
        }
        Attributes out = new Attributes(dataset);
        for (int tag : out.tags()) {
            if (tag >>> 16 == 0x0002) {
                out.remove(tag);
            }
        }
        clean(out);
        out.setString(Tag.PatientName, VR.PN, subject);
        out.setString(Tag.PatientID, VR.LO, subject);
        out.setString(Tag.PatientIdentityRemoved, VR.CS, "YES");
        out.setString(Tag.DeidentificationMethod, VR.LO, METHOD.toArray(String[]::new));
        Sequence codes = out.newSequence(Tag.DeidentificationMethodCodeSequence, METHOD_CODES.size());
        for (Code c : METHOD_CODES) {
            codes.add(c.toItem());
        }
        out.setString(Tag.LongitudinalTemporalInformationModified, VR.CS, "REMOVED");
        return out;
    }

    private void clean(Attributes attrs) {
        for (int tag : attrs.tags()) {
            int group = tag >>> 16;
            if ((group & 1) != 0
                    || Tag.isGroupLength(tag)
                    || (group & 0xFF00) == 0x5000
                    || (group & 0xFF00) == 0x6000) {
                attrs.remove(tag);
                continue;
            }
            VR vr = attrs.getVR(tag);
            Action action = PROFILE.action(tag);
            if (action == null) {
                byVr(attrs, tag, vr);
                continue;
            }
            switch (action) {
                case X -> attrs.remove(tag);
                case Z, X_Z -> empty(attrs, tag, vr);
                case D -> dummy(attrs, tag, vr);
                case X_D, Z_D, X_Z_D -> {
                    if (attrs.containsValue(tag)) {
                        dummy(attrs, tag, vr);
                    } else {
                        empty(attrs, tag, vr);
                    }
                }
                case U -> {
                    if (vr == VR.UI) {
                        pseudonymize(attrs, tag);
                    } else {
                        attrs.remove(tag);
                    }
                }
                case X_Z_U -> {
                    if (attrs.getValue(tag) instanceof Sequence s) {
                        s.forEach(this::clean);
                    } else {
                        empty(attrs, tag, vr);
                    }
                }
                case K -> {
                    if (attrs.getValue(tag) instanceof Sequence s) {
                        s.forEach(this::clean);
                    }
                }
            }
        }
    }

    /** An element the table does not list. */
    private void byVr(Attributes attrs, int tag, VR vr) {
        if (attrs.getValue(tag) instanceof Sequence s) {
            s.forEach(this::clean);
        } else if (vr == VR.UI) {
            if (!KEPT_UID_ATTRIBUTES.contains(tag)) {
                pseudonymize(attrs, tag);
            }
        } else if (vr == VR.PN || vr == VR.DA || vr == VR.TM || vr == VR.DT) {
            attrs.setNull(tag, vr);
        } else if (vr == VR.UN) {
            attrs.remove(tag); // a standard element of unknown meaning (newer than the dictionary)
        }
    }

    private static void empty(Attributes attrs, int tag, VR vr) {
        if (vr == VR.SQ) {
            attrs.newSequence(tag, 0);
        } else {
            attrs.setNull(tag, vr);
        }
    }

    private void dummy(Attributes attrs, int tag, VR vr) {
        switch (vr) {
            case UI -> pseudonymize(attrs, tag);
            case DA -> attrs.setString(tag, vr, "19000101");
            case TM -> attrs.setString(tag, vr, "000000");
            case DT -> attrs.setString(tag, vr, "19000101000000");
            case AS -> attrs.setString(tag, vr, "000Y");
            case DS, IS -> attrs.setString(tag, vr, "0");
            case AE, CS, LO, LT, PN, SH, ST, UC, UT -> attrs.setString(tag, vr, DUMMY_TEXT);
            case US, SS, UL, SL, FL, FD, SV, UV, AT -> attrs.setBytes(tag, vr, new byte[vr.bytesPerValue()]);
            default -> empty(attrs, tag, vr); // SQ, UR, OB, OW, OF, OD, OL, OV, UN
        }
    }

    private void pseudonymize(Attributes attrs, int tag) {
        String[] uids = attrs.getStrings(tag);
        if (uids == null || uids.length == 0) {
            attrs.setNull(tag, VR.UI);
            return;
        }
        String[] out = new String[uids.length];
        for (int i = 0; i < uids.length; i++) {
            out[i] = pseudonymizeUid(uids[i]);
        }
        attrs.setString(tag, VR.UI, out);
    }
}
