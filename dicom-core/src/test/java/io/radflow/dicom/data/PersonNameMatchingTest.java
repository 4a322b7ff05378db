package io.radflow.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonNameMatchingTest {
    @Test
    void normalisesForFuzzyMatching() {
        assertThat(PersonName.normalizeForMatching("Müller^Jürgen")).isEqualTo("MULLER JURGEN");
        assertThat(PersonName.normalizeForMatching("  Doe^^Jane^^ ")).isEqualTo("DOE JANE");
        assertThat(PersonName.normalizeForMatching("Hong^Gildong=洪^吉洞=홍^길동")).isEqualTo("HONG GILDONG 洪 吉洞 홍 길동");
        assertThat(PersonName.normalizeForMatching("Ｆｕｌｌ^Ｗｉｄｔｈ")).isEqualTo("FULL WIDTH");
        assertThat(PersonName.normalizeForMatching("^")).isNull();
        assertThat(PersonName.normalizeForMatching(null)).isNull();
    }
}
