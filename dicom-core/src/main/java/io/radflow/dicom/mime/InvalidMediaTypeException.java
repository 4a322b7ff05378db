package io.radflow.dicom.mime;

/** A media type ({@code Content-Type}, {@code Accept} element) that does not parse. */
public class InvalidMediaTypeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int index;

    /** {@code problem} found at character {@code index} of {@code input}. */
    public InvalidMediaTypeException(String problem, String input, int index) {
        super(problem + " at index " + index + " of media type \"" + abbreviate(input) + "\"");
        this.index = index;
    }

    /** Character index in the parsed text where the problem was found. */
    public int index() {
        return index;
    }

    private static String abbreviate(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
