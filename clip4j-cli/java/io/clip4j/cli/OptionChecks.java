package io.clip4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Range checks of option values, reported as usage errors (exit 2) that name the option. */
final class OptionChecks {
    private OptionChecks() {
    }

    /** Fails with {@code clip4j: OPTION must be at least MIN, not VALUE} unless {@code value >= min}. */
    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be at least " + min + ", not " + value);
        }
    }

    /** Fails unless {@code min <= value <= max}. */
    static void between(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}
