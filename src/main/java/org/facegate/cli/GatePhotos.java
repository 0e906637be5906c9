package org.facegate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.facegate.config.UsageException;
import org.facegate.events.EncodedImage;
import org.facegate.vision.ImageFormat;

/** Reads a photo file for an event, with its format recognised from the bytes (never from the file name). */
final class GatePhotos {

    private GatePhotos() {
    }

    static EncodedImage read(String file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        String format = ImageFormat.sniff(bytes).map(f -> f.name().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new UsageException(file + " is not a JPEG, PNG or JPEG 2000 file"));
        return new EncodedImage(format, bytes);
    }
}
