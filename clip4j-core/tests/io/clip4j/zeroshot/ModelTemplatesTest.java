package io.clip4j.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder's own templates.txt replaces the default templates. */
class ModelTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void aFolderWithTemplatesTxtUsesThem() throws IOException {
        Files.writeString(dir.resolve(PromptTemplates.MODEL_FILE), "# product shots\n\na studio photo of a {}.\n  {} on white  \n");
        assertEquals(List.of("a studio photo of a {}.", "{} on white"), PromptTemplates.forModel(dir).templates());
    }

    @Test
    void aFolderWithoutItUsesTheDefaults() {
        assertSame(PromptTemplates.defaults(), PromptTemplates.forModel(dir));
        assertSame(PromptTemplates.defaults(), PromptTemplates.forModel(Fixtures.TINY_CLIP));
        assertSame(PromptTemplates.defaults(), PromptTemplates.forModel(Path.of("random:7")), "random-weight models");
        assertThrows(ClipException.class, () -> PromptTemplates.forModel(null));
    }

    @Test
    void aMalformedFileNamesTheFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve(PromptTemplates.MODEL_FILE), "a photo of a {}.\n# note\nno placeholder here\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> PromptTemplates.forModel(dir));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": line 3: template 'no placeholder here' has no {}"), e.getMessage());

        Files.writeString(file, "# only comments\n\n");
        e = assertThrows(PromptFileException.class, () -> PromptTemplates.forModel(dir));
        assertTrue(e.getMessage().contains("holds no templates"), e.getMessage());
    }
}
