package io.clip4j.springai;

import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.Precision;
import java.nio.file.Path;
import org.springframework.ai.embedding.DocumentEmbeddingModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With {@code clip4j.model-dir} set, a Boot application gets a {@link ClipModel} (closed with the
 * context), an {@link EmbeddingModel} and a {@link DocumentEmbeddingModel}, unless it defines its own.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "clip4j", name = "model-dir")
@EnableConfigurationProperties(ClipProperties.class)
public class ClipAutoConfiguration {
    /** The model, loaded once. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ClipModel clipModel(ClipProperties properties) {
        return ClipModel.load(Path.of(properties.getModelDir()),
                ClipOptions.defaults().withDevice(properties.getDevice()).withPrecision(Precision.parse(properties.getDtype())));
    }

    /** Texts and documents. */
    @Bean
    @ConditionalOnMissingBean
    public EmbeddingModel clipEmbeddingModel(ClipModel clip) {
        return new ClipEmbeddingModel(clip);
    }

    /** Documents with images. */
    @Bean
    @ConditionalOnMissingBean
    public DocumentEmbeddingModel clipDocumentEmbeddingModel(ClipModel clip) {
        return new ClipDocumentEmbeddingModel(clip);
    }
}
