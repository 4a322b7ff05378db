package io.radflow.ingest.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonNamesTest {
    @Test
    void normalisesForFuzzyMatching() {
        assertThat(PersonNames.normalize("Müller^Jürgen")).isEqualTo("MULLER JURGEN");
        assertThat(PersonNames.normalize("  Doe^^Jane^^ ")).isEqualTo("DOE JANE");
        assertThat(PersonNames.normalize("Hong^Gildong=洪^吉洞=홍^길동")).isEqualTo("HONG GILDONG 洪 吉洞 홍 길동");
        assertThat(PersonNames.normalize("Ｆｕｌｌ^Ｗｉｄｔｈ")).isEqualTo("FULL WIDTH");
        assertThat(PersonNames.normalize("^")).isNull();
        assertThat(PersonNames.normalize(null)).isNull();
    }
}
