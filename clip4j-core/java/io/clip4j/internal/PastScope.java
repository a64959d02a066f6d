package io.clip4j.internal;

import io.clip4j.internal.PastScope;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * Native objects that must outlive the caller's {@code PointerScope} (weights, results, optimiser
 * state, CUDA handles), owned by a clip4j object instead, which releases them in {@code close()}.
 * The one way to hand a native object past a scope.
 */
public final class PastScope {
    private PastScope() {
    }

    /** Keeps {@code p} alive when the innermost open scope closes; its new owner releases it. */
    public static <P extends Pointer> P keep(P p) {
        if (PointerScope.getInnerScope() != null) {
            p.retainReference();
        }
        return p;
    }
}
