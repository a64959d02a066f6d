package io.clip4j.train.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a probe's training found, for people and for {@code jq}: sizes, accuracies, losses, how
 * many images of each label each part held, and the validation confusion matrix.
 *
 * @param model               the name of the model whose embeddings were used
 * @param dim                 the embedding width
 * @param labels              the classes, in the head's order
 * @param trainCounts         training images per label
 * @param validationCounts    validation images per label
 * @param trainAccuracy       fraction of training images predicted correctly
 * @param trainLoss           the objective at the end (mean cross-entropy plus the L2 penalty)
 * @param validationAccuracy  fraction of validation images predicted correctly; NaN without any
 * @param validationLoss      mean cross-entropy on the validation images; NaN without any
 * @param trainConfusion      confusion matrix on the training images
 * @param validationConfusion confusion matrix on the validation images (rows true, columns predicted)
 * @param options             the options trained with
 * @param seconds             wall time of embedding and training
 */
public record ProbeReport(String model, int dim, List<String> labels, int[] trainCounts, int[] validationCounts,
                          double trainAccuracy, double trainLoss, double validationAccuracy, double validationLoss,
                          ConfusionMatrix trainConfusion, ConfusionMatrix validationConfusion, ProbeOptions options,
                          double seconds) {
    /** Copies the lists and arrays. */
    public ProbeReport {
        labels = List.copyOf(labels);
        trainCounts = trainCounts.clone();
        validationCounts = validationCounts.clone();
    }

    /** Number of training images. */
    public int trainImages() {
        return trainConfusion.total();
    }

    /** Number of validation images. */
    public int validationImages() {
        return validationConfusion.total();
    }

    /**
     * The report as a JSON object: {@code model, dim, labels, train_images, validation_images,
     * train_accuracy, train_loss, validation_accuracy, validation_loss} (null without validation
     * images), {@code per_class} ({@code label, train, validation} counts), {@code confusion}
     * (validation, rows true label, columns predicted, in {@code labels} order), the options and
     * {@code seconds}.
     */
    public ObjectNode toJsonNode() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("model", model);
        json.put("dim", dim);
        ArrayNode labelArray = json.putArray("labels");
        labels.forEach(labelArray::add);
        json.put("train_images", trainImages());
        json.put("validation_images", validationImages());
        json.put("train_accuracy", trainAccuracy);
        json.put("train_loss", trainLoss);
        putNumberOrNull(json, "validation_accuracy", validationAccuracy);
        putNumberOrNull(json, "validation_loss", validationLoss);
        ArrayNode perClass = json.putArray("per_class");
        for (int i = 0; i < labels.size(); i++) {
            perClass.addObject().put("label", labels.get(i)).put("train", trainCounts[i])
                    .put("validation", validationCounts[i]);
        }
        json.set("confusion", validationConfusion.toJson());
        json.put("val_fraction", options.validationFraction());
        json.put("seed", options.seed());
        json.put("steps", options.steps());
        json.put("lr", options.learningRate());
        json.put("weight_decay", options.weightDecay());
        json.put("seconds", seconds);
        return json;
    }

    /** {@link #toJsonNode()} on one line. */
    public String toJson() {
        return toJsonNode().toString();
    }

    @Override
    public String toString() {
        return toJson();
    }

    private static void putNumberOrNull(ObjectNode json, String field, double value) {
        if (Double.isNaN(value)) {
            json.putNull(field);
        } else {
            json.put(field, value);
        }
    }
}
