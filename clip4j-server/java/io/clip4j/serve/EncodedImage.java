package io.clip4j.serve;

/**
 * An image as it arrived in a request: encoded bytes (JPEG, PNG, …) and a name for error messages
 * ({@code images[2]}, or the file name a multipart client gave). Never a server-side path.
 *
 * @param name  how errors refer to it
 * @param bytes the encoded image
 */
record EncodedImage(String name, byte[] bytes) {
}
