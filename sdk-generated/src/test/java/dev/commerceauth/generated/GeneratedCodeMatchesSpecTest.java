package dev.commerceauth.generated;

import com.google.gson.annotations.SerializedName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.Headers;
import retrofit2.http.POST;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that the classes on the classpath were generated from the specs as they are now: every
 * operation is a method with its path and body kind, every schema property is a serialized field
 * (or a form field), and nothing else. A spec edit without regeneration fails here.
 */
class GeneratedCodeMatchesSpecTest {
    private static final String SECRET = "SECRET-VALUE-THAT-MUST-NOT-LEAK";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "sellytics-token.yaml, dev.commerceauth.generated.sellytics",
            "shopware-admin-token.yaml, dev.commerceauth.generated.shopware",
            "commercelayer-auth.yaml, dev.commerceauth.generated.commercelayer"})
    void generatedCodeMatchesTheSpec(String specFile, String packageName) throws Exception {
        Map<String, Object> spec = load(specFile);
        Class<?> api = Class.forName(packageName + ".TokenApi");
        Map<String, Map<String, Object>> schemas = map(map(spec.get("components")).get("schemas"));
        Set<String> formSchemas = new TreeSet<>();

        Map<String, Method> methods = new TreeMap<>();
        for (Method method : api.getDeclaredMethods()) {
            methods.put(method.getName(), method);
        }
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, Object> path : map(spec.get("paths")).entrySet()) {
            for (Map.Entry<String, Object> op : map(path.getValue()).entrySet()) {
                assertEquals("post", op.getKey(), "the token endpoints only POST");
                Map<String, Object> operation = map(op.getValue());
                String operationId = (String) operation.get("operationId");
                operations.add(operationId);
                Method method = methods.get(operationId);
                assertNotNull(method, "no generated method for operation " + operationId);
                assertEquals(path.getKey().substring(1), method.getAnnotation(POST.class).value(),
                        "path of " + operationId);

                Map<String, Object> content = map(map(operation.get("requestBody")).get("content"));
                if (content.containsKey("application/x-www-form-urlencoded")) {
                    assertNotNull(method.getAnnotation(FormUrlEncoded.class), operationId + " is a form post");
                    String schemaName = refName(map(content.get("application/x-www-form-urlencoded")).get("schema"));
                    formSchemas.add(schemaName);
                    assertEquals(new TreeSet<>(schemas.get(schemaName).get("properties") == null ? Set.of()
                                    : map(schemas.get(schemaName).get("properties")).keySet()),
                            formFields(method), "form fields of " + operationId);
                } else {
                    assertTrue(content.containsKey("application/json"), operationId + " takes JSON");
                    assertTrue(Arrays.asList(method.getAnnotation(Headers.class).value())
                            .contains("Content-Type:application/json"), operationId + " sends JSON");
                }
            }
        }
        assertEquals(operations, methods.keySet(), "generated methods are exactly the spec's operations");

        for (Map.Entry<String, Map<String, Object>> schema : schemas.entrySet()) {
            Object properties = schema.getValue().get("properties");
            if (properties == null || formSchemas.contains(schema.getKey())) {
                continue; // no class: an empty object maps to Object, a form schema to @Field parameters
            }
            Class<?> model = Class.forName(packageName + "." + schema.getKey());
            Map<String, java.lang.reflect.Field> serialized = serializedFields(model);
            assertEquals(map(properties).keySet(), serialized.keySet(),
                    "serialized fields of " + schema.getKey());
            assertSecretsMasked(model, map(properties), serialized);
        }
    }

    private static void assertSecretsMasked(Class<?> model, Map<String, Object> properties,
            Map<String, java.lang.reflect.Field> serialized) throws Exception {
        Object instance = model.getConstructor().newInstance();
        boolean any = false;
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if ("password".equals(map(property.getValue()).get("format"))) {
                java.lang.reflect.Field field = serialized.get(property.getKey());
                field.setAccessible(true);
                field.set(instance, SECRET);
                any = true;
            }
        }
        if (any) {
            assertFalse(instance.toString().contains(SECRET), model.getSimpleName() + ".toString() leaks a secret");
        }
    }

    private static Set<String> formFields(Method method) {
        Set<String> fields = new TreeSet<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof Field) {
                    fields.add(((Field) annotation).value());
                }
            }
        }
        return fields;
    }

    private static Map<String, java.lang.reflect.Field> serializedFields(Class<?> model) {
        Map<String, java.lang.reflect.Field> fields = new TreeMap<>();
        for (java.lang.reflect.Field field : model.getDeclaredFields()) {
            SerializedName name = field.getAnnotation(SerializedName.class);
            if (name != null && !Modifier.isStatic(field.getModifiers())) {
                fields.put(name.value(), field);
            }
        }
        return fields;
    }

    private static String refName(Object schema) {
        String ref = (String) map(schema).get("$ref");
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    static Map<String, Object> load(String specFile) throws Exception {
        Path path = specDirectory().resolve(specFile);
        try (InputStream in = Files.newInputStream(path)) {
            return new Yaml().load(in);
        }
    }

    static Path specDirectory() {
        return Paths.get(System.getProperty("openapi.dir", "../openapi"));
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        return (Map<String, V>) value;
    }
}
