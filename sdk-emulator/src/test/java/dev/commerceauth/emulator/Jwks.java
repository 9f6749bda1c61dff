package dev.commerceauth.emulator;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Verifies a JWT against a JWKS document with the JCA only, as a relying party would. */
final class Jwks {

    private Jwks() {
    }

    @SuppressWarnings("unchecked")
    static boolean verifies(Map<String, Object> jwks, String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        Map<String, Object> header = Http.header(jwt);
        for (Map<String, Object> key : (List<Map<String, Object>>) jwks.get("keys")) {
            if (!key.get("kid").equals(header.get("kid"))) {
                continue;
            }
            PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode((String) key.get("n"))),
                    new BigInteger(1, Base64.getUrlDecoder().decode((String) key.get("e")))));
            String alg = (String) header.get("alg");
            if (!alg.equals(key.get("alg"))) {
                return false;
            }
            Signature s = Signature.getInstance("RS512".equals(alg) ? "SHA512withRSA" : "SHA256withRSA");
            s.initVerify(publicKey);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getUrlDecoder().decode(parts[2]));
        }
        return false;
    }
}
