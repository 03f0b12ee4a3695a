package org.nftb.sigmf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates SigMF metadata against the official JSON schemas of the specification (copied unchanged into
 * {@code src/main/resources/schema/sigmf/}, CC BY-SA 4.0). A failure is a {@link CaptureException} naming the file
 * and listing every violation with its JSON path, e.g.
 * {@code x.sigmf-meta: global: $.global.core:sample_rate: string found, number expected}.
 *
 * <p><b>One deviation, in code.</b> The shipped {@code collection-schema.json} still describes {@code core:streams}
 * entries as {@code [name, hash]} tuples, which SigMF deprecated (sigmf/SigMF pull request 239) in favour of the
 * "SigMF Recording Objects" {@code {"name": …, "hash": …}} that the same schema's description and the
 * specification text require. Validated literally, every conforming collection would fail. The collection schema is
 * therefore loaded with its {@code core:streams} item schema replaced by "a Recording Object (name, 128-hex-digit
 * hash) or a legacy tuple of strings"; everything else is as published ({@code SigmfSchemasTest} shows both).
 *
 * <p>Annotations are validated one at a time against the schema's annotation item schema, so that a recording with
 * hundreds of thousands of annotations (nftb's per-CPI ground truth) is never held as one tree.
 *
 * <p>Thread-safe (the compiled schemas are immutable).
 */
public final class SigmfSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Draft 2020-12 as the schemas declare, plus two keywords they use that 2020-12 does not define, declared as
     * annotations so the validator neither guesses nor warns: {@code !comment} (a note) and {@code additionalItems}
     * (a draft-07 keyword; here it always accompanies {@code items} given as one schema, a combination in which
     * draft 2019-09 and earlier ignore it too).
     */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new NonValidationKeyword("!comment"))
                    .keyword(new NonValidationKeyword("additionalItems")).build()));
    private static final JsonNode META_SCHEMA = load("sigmf-schema.json");
    private static final JsonSchema META = FACTORY.getSchema(META_SCHEMA);
    private static final JsonSchema ANNOTATION = FACTORY.getSchema(META_SCHEMA.get("properties").get("annotations")
            .get("items"));
    private static final JsonSchema COLLECTION = FACTORY.getSchema(withRecordingObjects(load("collection-schema.json")));
    private static final JsonSchema COLLECTION_AS_PUBLISHED = FACTORY.getSchema(load("collection-schema.json"));

    private SigmfSchemas() {
    }

    /**
     * Checks a {@code .sigmf-meta} document whose {@code annotations} array is empty or complete (readers that
     * stream annotations pass the document with an empty array and check each with {@link #checkAnnotation}).
     */
    public static void checkMeta(String file, JsonNode meta) {
        report(file, "", META.validate(meta));
    }

    /** Checks annotation {@code index} of {@code file} against the schema's annotation item schema. */
    public static void checkAnnotation(String file, int index, JsonNode annotation) {
        Set<ValidationMessage> problems = ANNOTATION.validate(annotation);
        if (!problems.isEmpty()) {
            report(file, "annotations[" + index + "]", problems);
        }
    }

    /** Checks a {@code .sigmf-collection} document (with the Recording Object correction described above). */
    public static void checkCollection(String file, JsonNode collection) {
        report(file, "", COLLECTION.validate(collection));
    }

    /** The published collection schema's verdict, unmodified (for the test that documents the deviation). */
    static Set<ValidationMessage> validateCollectionAsPublished(JsonNode collection) {
        return COLLECTION_AS_PUBLISHED.validate(collection);
    }

    private static void report(String file, String field, Set<ValidationMessage> problems) {
        if (problems.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (ValidationMessage m : problems) {
            lines.add(m.getMessage());
        }
        lines.sort(null);
        throw new CaptureException(file, field, "does not conform to the SigMF schema: " + String.join("; ", lines));
    }

    private static JsonNode withRecordingObjects(JsonNode schema) {
        ObjectNode streams = (ObjectNode) schema.get("properties").get("collection").get("properties")
                .get("core:streams");
        ObjectNode items = JSON.createObjectNode();
        ObjectNode object = items.putArray("anyOf").addObject();
        object.put("type", "object");
        object.putArray("required").add("name").add("hash");
        ObjectNode props = object.putObject("properties");
        props.putObject("name").put("type", "string");
        props.putObject("hash").put("type", "string").put("pattern", "^[0-9a-fA-F]{128}$");
        ObjectNode tuple = ((ArrayNode) items.get("anyOf")).addObject();
        tuple.put("type", "array");
        tuple.putObject("items").put("type", "string");
        streams.set("items", items);
        return schema;
    }

    private static JsonNode load(String name) {
        try (InputStream in = SigmfSchemas.class.getResourceAsStream("/schema/sigmf/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema/sigmf/" + name + " is missing from the build");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
