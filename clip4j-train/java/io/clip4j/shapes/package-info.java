/**
 * A synthetic image–caption dataset of coloured shapes, drawn with OpenCV, for training and
 * testing CLIP models small enough to train on a laptop, and for measuring compositional
 * generalisation: a fixed list of colour–shape pairs ({@link io.clip4j.shapes.PairSet#HELD_OUT})
 * is kept out of the training set, while each of their colours and shapes still appears there with
 * other partners. A model that names "a green star" correctly having never seen one has learnt
 * colour and shape separately.
 *
 * <p>{@link io.clip4j.shapes.ShapesGenerator} writes {@code DIR/images/NNNNNN.png} and
 * {@code DIR/data.csv}; the CSV is read by {@link io.clip4j.train.data.CaptionDatasets#readCsv}
 * as it is. Everything is a pure function of (seed, index, pair set, size): the same arguments give
 * byte-identical files.
 */
package io.clip4j.shapes;
