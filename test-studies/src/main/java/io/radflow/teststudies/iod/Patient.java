package io.radflow.teststudies.iod;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.teststudies.Rng;
import java.util.Locale;

/**
 * A synthetic patient: ID, name (romanized or Korean with Hanja and Hangul groups), birth date,
 * sex, and optionally size and weight.
 *
 * @param id PatientID
 * @param name PatientName as Unicode, with '=' separating the component groups
 * @param nameStyle how the name is encoded
 * @param birthDate PatientBirthDate (YYYYMMDD)
 * @param sex PatientSex (M or F)
 * @param sizeM PatientSize in metres, or null when left out
 * @param weightKg PatientWeight in kg, or null when left out
 */
public record Patient(
        String id, String name, NameStyle nameStyle, String birthDate, String sex, Double sizeM, Double weightKg) {

    /** Korean names: romanized, Hanja and Hangul groups, all encodable in KS X 1001. */
    static final String[][] KOREAN = {
        {"Hong^Gildong=洪^吉洞=홍^길동", "M"},
        {"Kim^Minjun=金^民俊=김^민준", "M"},
        {"Park^Jisu=朴^智秀=박^지수", "F"},
        {"Choi^Yeongmi=崔^英美=최^영미", "F"},
        {"Lee^Jeongho=李^正浩=이^정호", "M"},
    };

    static final String[][] ROMAN = {
        {"Doe^John", "M"}, {"Roe^Jane", "F"}, {"Miller^Anna^M", "F"}, {"Garcia^Luis", "M"}, {"Okafor^Ada", "F"},
    };

    /** The patient for a seed: name from the style's list, size and weight when asked. */
    public static Patient synthetic(long seed, NameStyle style, boolean sizeAndWeight) {
        Rng rng = Rng.of(seed, "patient", 0);
        String[][] names = style == NameStyle.ASCII ? ROMAN : KOREAN;
        String[] pick = names[rng.nextInt(names.length)];
        int year = 1940 + rng.nextInt(60);
        int month = 1 + rng.nextInt(12);
        int day = 1 + rng.nextInt(28);
        String id = String.format(Locale.ROOT, "RF%08d", Math.floorMod(seed * 7919 + 13, 100_000_000L));
        Double size = null;
        Double weight = null;
        if (sizeAndWeight) {
            boolean male = pick[1].equals("M");
            size = Math.round((male ? rng.uniform(1.62, 1.88) : rng.uniform(1.50, 1.74)) * 100) / 100.0;
            weight = Math.round(rng.uniform(18.5, 31) * size * size * 10) / 10.0;
        }
        return new Patient(
                id,
                pick[0],
                style,
                String.format(Locale.ROOT, "%04d%02d%02d", year, month, day),
                pick[1],
                size,
                weight);
    }

    /** Writes Specific Character Set and the Patient / Patient Study module elements. */
    public void writeTo(Attributes a, String studyDate) {
        String[] cs = nameStyle.specificCharacterSet();
        if (cs != null) {
            a.setString(Tag.SpecificCharacterSet, VR.CS, cs);
        }
        a.setString(Tag.PatientName, VR.PN, name);
        a.setString(Tag.PatientID, VR.LO, id);
        a.setString(Tag.PatientBirthDate, VR.DA, birthDate);
        a.setString(Tag.PatientSex, VR.CS, sex);
        int age = Integer.parseInt(studyDate.substring(0, 4)) - Integer.parseInt(birthDate.substring(0, 4));
        if (studyDate.substring(4).compareTo(birthDate.substring(4)) < 0) {
            age--;
        }
        a.setString(Tag.PatientAge, VR.AS, String.format(Locale.ROOT, "%03dY", age));
        if (sizeM != null) {
            a.setDouble(Tag.PatientSize, VR.DS, sizeM);
        }
        if (weightKg != null) {
            a.setDouble(Tag.PatientWeight, VR.DS, weightKg);
        }
    }
}
