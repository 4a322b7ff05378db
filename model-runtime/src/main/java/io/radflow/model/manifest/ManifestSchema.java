package io.radflow.model.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code models/manifest.schema.json} (JSON Schema draft 2020-12), packaged with this module.
 * Thread-safe.
 */
public final class ManifestSchema {
    /** Where the schema lies on the class path. */
    public static final String RESOURCE = "/io/radflow/model/manifest/manifest.schema.json";

    private static final ManifestSchema INSTANCE = new ManifestSchema();

    private final JsonSchema schema;

    private ManifestSchema() {
        try (InputStream in = ManifestSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_PATH)
                    .build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ManifestSchema get() {
        return INSTANCE;
    }

    /**
     * A schema violation.
     *
     * @param field JSON path of the bad (or missing) field, e.g. {@code $.input.name}
     * @param message what is wrong
     */
    public record Violation(String field, String message) {}

    /** The violations of {@code manifest}, ordered by field; empty when it is valid. */
    public List<Violation> validate(JsonNode manifest) {
        Set<ValidationMessage> messages = schema.validate(manifest);
        return messages.stream()
                .map(ManifestSchema::violation)
                .distinct()
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
                .toList();
    }

    private static Violation violation(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String field = location;
        String type = m.getType();
        if (m.getProperty() != null && ("required".equals(type) || "additionalProperties".equals(type))) {
            field = location + "." + m.getProperty();
        }
        String text = m.getMessage();
        if (text.startsWith(location + ": ")) {
            text = text.substring(location.length() + 2);
        }
        return new Violation(field, text);
    }
}
