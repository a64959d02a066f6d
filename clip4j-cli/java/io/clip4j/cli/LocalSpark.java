package io.clip4j.cli;

import org.apache.spark.sql.SparkSession;

/**
 * Spark inside the CLI's JVM, for users without a cluster: no UI, and Spark's, Hadoop's and
 * Parquet's INFO logging kept off stderr (the CLI's binding is slf4j-simple; its properties must
 * be set before the first logger is made).
 */
final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * The CLI's JVM holds clip4j's classes but ships them to no executor: on a cluster the executors failed
     * with ClassNotFoundException (io.clip4j.spark.EmbedImagePartition) after starting. A cluster runs the job
     * through spark-submit with the job jar, as docs/spark.md shows.
     */
    static void requireLocal(String master) {
        if (master == null || !(master.equals("local") || master.startsWith("local["))) {
            throw new io.clip4j.ClipException("--master " + master + ": the CLI runs Spark in its own JVM only (local, local[N], "
                    + "local[*]); for a cluster build the job jar (mvn -Pspark-job -DskipTests package -pl clip4j-spark -am) and "
                    + "submit clip4j-spark/target/clip4j-spark-*-job.jar with spark-submit (docs/spark.md)");
        }
    }

    static SparkSession start(String master) {
        requireLocal(master);
        for (String noisy : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject", "org.apache.parquet",
            "io.netty", "org.apache.commons.beanutils"}) {
            System.setProperty("org.slf4j.simpleLogger.log." + noisy, "warn");
        }
        // advice meant for cluster operators (the loopback hostname, Hadoop's native library), not CLI users
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.spark.util.Utils", "error");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
        return SparkSession.builder().master(master).appName("clip4j")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                // images are small files: Spark's 4 MB cost per opened file made a partition (a task, and
                // a part file) of every ~32 images; this leaves about one partition per core
                .config("spark.sql.files.openCostInBytes", "65536").getOrCreate();
    }
}
