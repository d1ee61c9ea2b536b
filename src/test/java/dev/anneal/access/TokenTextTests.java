package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TokenTextTests {

    private final SecureRandom random = new SecureRandom();

    @Test
    void shouldMakeTokensOfOneShapeThatPassTheirOwnCheck() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 1000; i++) {
            String token = TokenText.generate(random);

            assertThat(token).startsWith("anl_").hasSize(TokenText.LENGTH).matches("anl_[0-9A-Za-z]+");
            assertThat(TokenText.problemWith(token)).isEmpty();
            seen.add(token);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void shouldTellAMistypedTokenFromOneThatIsNoTokenAtAll() {
        String token = TokenText.generate(random);
        char last = token.charAt(20);
        String mistyped = token.substring(0, 20) + (last == 'a' ? 'b' : 'a') + token.substring(21);

        assertThat(TokenText.problemWith(mistyped))
                .hasValueSatisfying(p -> assertThat(p).contains("checksum"));
        assertThat(TokenText.problemWith(token.substring(0, 40)))
                .hasValueSatisfying(p -> assertThat(p).contains("cut or mistyped"));
        assertThat(TokenText.problemWith("ghp_" + token.substring(4)))
                .hasValueSatisfying(p -> assertThat(p).contains("start with anl_"));
        assertThat(TokenText.problemWith(token.substring(0, 10) + "-" + token.substring(11)))
                .hasValueSatisfying(p -> assertThat(p).contains("character"));
    }

    @Test
    void shouldHashToTheSha256OfTheText() {
        assertThat(TokenText.sha256("abc"))
                .asHexString()
                .isEqualToIgnoringCase("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
