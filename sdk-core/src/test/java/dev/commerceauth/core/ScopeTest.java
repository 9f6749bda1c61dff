package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void factories() {
        assertEquals("market:id:xYZkjABcde", Scope.market("xYZkjABcde").toString());
        assertEquals("market:code:europe", Scope.marketCode("europe").toString());
        assertEquals("market:all", Scope.allMarkets().toString());
        assertEquals("stock_location:id:AbC_12-x", Scope.stockLocation("AbC_12-x").toString());
        assertEquals("stock_location:code:eu.wh-1", Scope.stockLocationCode("eu.wh-1").toString());
        assertEquals("store:id:QwErTy", Scope.store("QwErTy").toString());
        assertEquals("store:code:main_store", Scope.storeCode("main_store").toString());
        assertEquals("sellytics-data-api", Scope.of("sellytics-data-api").toString());
        assertEquals("write", Scope.of("write").toWireValue());
        assertEquals("", Scope.none().toString());
        assertTrue(Scope.none().isEmpty());
        assertFalse(Scope.allMarkets().isEmpty());
    }

    @Test
    void combinesInInsertionOrderAndComparesOrderInsensitively() {
        Scope a = Scope.of(Scope.market("m1"), Scope.stockLocation("s1"));
        Scope b = Scope.stockLocation("s1").and(Scope.market("m1"));
        assertEquals("market:id:m1 stock_location:id:s1", a.toWireValue());
        assertEquals("stock_location:id:s1 market:id:m1", b.toWireValue());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(Arrays.asList("market:id:m1", "stock_location:id:s1"), new ArrayList<>(a.values()));
        assertEquals("market:id:m1", Scope.market("m1").and(Scope.market("m1")).toWireValue());
        assertSame(Scope.none(), Scope.of(new Scope[0]));
        assertEquals(Scope.market("m1"), Scope.none().and(Scope.market("m1")));
        assertNotEquals(Scope.market("m1"), Scope.market("m2"));
    }

    @Test
    void valuesAreUnmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> Scope.of("x").values().add("y"));
    }

    @Test
    void contains() {
        Scope granted = Scope.parse("sellytics-data-api profile email");
        assertTrue(granted.contains(Scope.of("sellytics-data-api")));
        assertTrue(granted.contains(Scope.none()));
        assertFalse(granted.contains(Scope.of("openid")));
        assertThrows(IllegalArgumentException.class, () -> granted.contains(null));
    }

    @Test
    void parseIsLenient() {
        assertEquals(Scope.of(Scope.of("email"), Scope.of("profile"), Scope.of("sellytics-data-api")),
                Scope.parse("  sellytics-data-api\tprofile  email "));
        assertEquals("sellytics-data-api profile email", Scope.parse("sellytics-data-api profile email").toWireValue());
        assertSame(Scope.none(), Scope.parse(null));
        assertSame(Scope.none(), Scope.parse("   "));
        assertSame(Scope.none(), Scope.parse(""));
    }

    @Test
    void validationMessages() {
        assertEquals("scope must not be null", msg(() -> Scope.of((String) null)));
        assertEquals("scope must not be blank", msg(() -> Scope.of("  ")));
        assertEquals("scope must not contain whitespace: 'a b'; combine several scopes with Scope.of(Scope...) or Scope.parse(String)",
                msg(() -> Scope.of("a b")));
        assertEquals("scope must be printable ASCII of at most 512 characters: 'caf?'", msg(() -> Scope.of("café")));
        assertEquals("market id must not be null", msg(() -> Scope.market(null)));
        assertEquals("market id must not be blank", msg(() -> Scope.market(" ")));
        assertEquals("market id may only contain letters, digits, '_' and '-' (at most 128 characters): 'a:b'",
                msg(() -> Scope.market("a:b")));
        assertEquals("market id may only contain letters, digits, '_' and '-' (at most 128 characters): 'a b'",
                msg(() -> Scope.market("a b")));
        assertEquals("market code may only contain letters, digits, '_', '-' and '.' (at most 128 characters): 'eu/x'",
                msg(() -> Scope.marketCode("eu/x")));
        assertEquals("stock location id must not be blank", msg(() -> Scope.stockLocation("")));
        assertEquals("stock location code must not be null", msg(() -> Scope.stockLocationCode(null)));
        assertEquals("store id may only contain letters, digits, '_' and '-' (at most 128 characters): 'x.y'",
                msg(() -> Scope.store("x.y")));
        assertEquals("store code must not be blank", msg(() -> Scope.storeCode("\t")));
        assertEquals("scopes must not be null", msg(() -> Scope.of((Scope[]) null)));
        assertEquals("scopes must not contain null", msg(() -> Scope.of(Scope.allMarkets(), null)));
        assertEquals("scopes must not contain null", msg(() -> Scope.allMarkets().and(null)));
    }

    static String msg(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
