package org.nftb.sigmf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigmfSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = "a".repeat(128);

    @Test
    void aMetaFileMissingARequiredFieldIsRefusedNamingTheFileAndTheField() throws Exception {
        JsonNode meta = JSON.readTree("{\"global\":{\"core:version\":\"1.2.0\"},\"captures\":[],\"annotations\":[]}");
        CaptureException e = assertThrows(CaptureException.class, () -> SigmfSchemas.checkMeta("x.sigmf-meta", meta));
        assertTrue(e.getMessage().startsWith("x.sigmf-meta: ") && e.getMessage().contains("core:datatype"),
                e.getMessage());
        JsonNode wrongType = JSON.readTree("{\"global\":{\"core:version\":\"1.2.0\",\"core:datatype\":\"cf32_le\","
                + "\"core:sample_rate\":\"fast\"},\"captures\":[],\"annotations\":[]}");
        e = assertThrows(CaptureException.class, () -> SigmfSchemas.checkMeta("y.sigmf-meta", wrongType));
        assertTrue(e.getMessage().contains("core:sample_rate"), e.getMessage());
        JsonNode unknownTop = JSON.readTree("{\"global\":{\"core:version\":\"1.2.0\",\"core:datatype\":\"cf32_le\"},"
                + "\"captures\":[],\"annotations\":[],\"extra\":1}");
        e = assertThrows(CaptureException.class, () -> SigmfSchemas.checkMeta("z.sigmf-meta", unknownTop));
        assertTrue(e.getMessage().contains("extra"), e.getMessage());
        SigmfSchemas.checkMeta("ok.sigmf-meta", JSON.readTree("{\"global\":{\"core:version\":\"1.2.0\","
                + "\"core:datatype\":\"cf32_le\",\"antenna:gain\":3},\"captures\":[{\"core:sample_start\":0}],"
                + "\"annotations\":[]}"));
    }

    @Test
    void anAnnotationWithoutItsStartIsRefusedNamingItsIndex() throws Exception {
        CaptureException e = assertThrows(CaptureException.class, () -> SigmfSchemas.checkAnnotation("a.sigmf-meta", 4,
                JSON.readTree("{\"core:sample_count\":3}")));
        assertTrue(e.getMessage().startsWith("a.sigmf-meta: annotations[4]: ") && e.getMessage()
                .contains("core:sample_start"), e.getMessage());
    }

    /**
     * The published collection schema describes core:streams entries as the deprecated tuples; the specification
     * requires Recording Objects. Both are accepted (with the correction); the published schema alone refuses the
     * objects, which is why the correction exists.
     */
    @Test
    void collectionsWithRecordingObjectsValidateAndLegacyTuplesToo() throws Exception {
        JsonNode objects = JSON.readTree("{\"collection\":{\"core:version\":\"1.2.0\",\"core:streams\":["
                + "{\"name\":\"a-ch000\",\"hash\":\"" + HASH + "\"}]}}");
        JsonNode tuples = JSON.readTree("{\"collection\":{\"core:version\":\"1.2.0\",\"core:streams\":["
                + "[\"a-ch000\",\"" + HASH + "\"]]}}");
        SigmfSchemas.checkCollection("c.sigmf-collection", objects);
        SigmfSchemas.checkCollection("c.sigmf-collection", tuples);
        assertFalse(SigmfSchemas.validateCollectionAsPublished(objects).isEmpty(),
                "the published schema refuses Recording Objects");
        assertTrue(SigmfSchemas.validateCollectionAsPublished(tuples).isEmpty());
        JsonNode badHash = JSON.readTree("{\"collection\":{\"core:version\":\"1.2.0\",\"core:streams\":["
                + "{\"name\":\"a\",\"hash\":\"xyz\"}]}}");
        CaptureException e = assertThrows(CaptureException.class,
                () -> SigmfSchemas.checkCollection("c.sigmf-collection", badHash));
        assertTrue(e.getMessage().contains("core:streams"), e.getMessage());
        JsonNode noVersion = JSON.readTree("{\"collection\":{\"core:streams\":[]}}");
        assertThrows(CaptureException.class, () -> SigmfSchemas.checkCollection("c.sigmf-collection", noVersion));
    }
}
