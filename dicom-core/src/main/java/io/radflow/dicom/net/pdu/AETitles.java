package io.radflow.dicom.net.pdu;

/** Application entity title rules (PS3.5 AE: 1..16 characters, no backslash or control character). */
public final class AETitles {
    private AETitles() {}

    /** Returns the trimmed title, or throws {@link IllegalArgumentException} when it is not valid. */
    public static String check(String aet) {
        String problem = problem(aet);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return aet.strip();
    }

    /** Describes why {@code aet} is not a valid AE title, or returns null when it is. */
    public static String problem(String aet) {
        if (aet == null) {
            return "AE title missing";
        }
        String t = aet.strip();
        if (t.isEmpty() || t.length() > 16) {
            return "AE title must have 1 to 16 significant characters: '" + aet + "'";
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\\') {
                return "AE title contains a forbidden character: '" + aet + "'";
            }
        }
        return null;
    }
}
