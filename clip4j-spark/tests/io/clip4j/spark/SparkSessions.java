package io.clip4j.spark;

import org.apache.spark.sql.SparkSession;

/** A quiet local Spark for tests: no UI, few shuffle partitions. */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession local(int threads) {
        return SparkSession.builder().master("local[" + threads + "]").appName("clip4j-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }
}
