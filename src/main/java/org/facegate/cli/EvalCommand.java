package org.facegate.cli;

import java.util.List;
import java.util.Set;
import org.facegate.config.UsageException;

/**
 * {@code eval lfw ...} and {@code eval pad ...}: the two evaluation protocols, the LFW verification protocol over the
 * whole face pipeline ({@link EvalLfwProtocol}, its options parsed by {@link EvalLfwOptions}) and presentation-attack
 * detection in ISO/IEC 30107-3 terms ({@link EvalPadProtocol}). Any other protocol is a {@link UsageException}.
 */
final class EvalCommand implements Command {

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "lfw --dataset DIR [...]: LFW accuracy report; pad --dataset DIR [...]: APCER/BPCER of attack detection";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(PipelineOptions.OPTIONS_WITHOUT_DECISION,
                // lfw
                "dataset", "out", "folds", "max-pairs", "target-far", "failures", "workers", "batch", "cache", "json",
                "enrolled-with",
                "write-descriptor", "gallery", "retry", "model", "alignment", "flip",
                "cohort", "cohort-k", "cohort-members", "cohort-size",
                // pad (EvalPadProtocol); each protocol refuses the other's own options through rejectUnknown
                "bona-fide", "every", "pad-threshold", "attack-kind");
    }

    @Override
    public int run(Arguments args) throws Exception {
        List<String> pos = args.positional();
        if (pos.size() == 1 && pos.get(0).equals("pad")) {
            return EvalPadProtocol.run(args);
        }
        if (pos.size() != 1 || !pos.get(0).equals("lfw")) {
            throw new UsageException("the protocols are lfw and pad: eval lfw --dataset DIR [options], eval pad"
                    + " --dataset DIR [options]");
        }
        return EvalLfwProtocol.run(args);
    }
}
