package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.image.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images named on a command line: files as given, directories walked recursively for image
 * extensions (sorted, so runs are repeatable); none at all is an error, not a silent success. A path that does not exist is kept, so that its
 * decoding fails with an error line of its own while the other inputs still go through.
 */
final class ImageInputs {
    private ImageInputs() {
    }

    static List<Path> expand(List<Path> arguments) {
        List<Path> images = new ArrayList<>();
        for (Path argument : arguments) {
            if (Files.isDirectory(argument)) {
                images.addAll(ImageDecoder.listImages(argument));
            } else {
                images.add(argument);
            }
        }
        if (images.isEmpty()) {
            throw new ClipException("no images in " + arguments.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "))
                    + " (directories are searched for " + ImageDecoder.EXTENSIONS.stream().sorted().map(e -> "." + e)
                    .collect(java.util.stream.Collectors.joining(" ")) + ")");
        }
        return images;
    }
}
