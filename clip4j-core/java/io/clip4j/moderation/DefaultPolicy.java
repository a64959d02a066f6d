package io.clip4j.moderation;

/**
 * The policy {@code clip4j moderate} uses when no {@code --policy} is given: nudity, graphic
 * violence, weapons, drugs and self-harm, each with prompts, harmless look-alikes as negative
 * prompts, a probability threshold and an action.
 *
 * <p><b>Not calibrated.</b> The prompts and thresholds were written by hand as a starting point
 * and have not been measured against labelled images (this project has no real CLIP weights to
 * measure with). Before relying on it, run it with your model over labelled examples of your own
 * data, pick each category's threshold from the scores (e.g. for a target false-positive rate),
 * and save the result as your own policy file with {@code "calibrated": true}.
 * {@code clip4j moderate --print-policy} prints this policy to start from.
 */
public final class DefaultPolicy {
    /** The default policy as JSON, in the format {@link PolicyReader} reads. */
    public static final String JSON = """
            {
              "name": "clip4j-default",
              "description": "Starting point only: hand-written prompts and thresholds, NOT calibrated. Calibrate each threshold on labelled examples of your own data with the model you deploy before relying on it.",
              "calibrated": false,
              "categories": [
                {
                  "name": "nudity",
                  "prompts": ["a photo of a naked person", "a nude photo", "a sexually explicit photo", "a photo of a topless woman"],
                  "negative_prompts": ["a photo of a person wearing clothes", "a photo of people in swimsuits at the beach",
                                       "a photo of a classical marble statue", "a photo of a baby", "a photo of a shirtless man at the gym"],
                  "threshold": 0.5,
                  "action": "blur"
                },
                {
                  "name": "graphic_violence",
                  "prompts": ["a photo of a bloody wound", "a photo of a dead body", "a gory photo with a lot of blood",
                              "a photo of a person being violently attacked"],
                  "negative_prompts": ["a photo of people playing sports", "a photo of red paint", "a photo of a hospital ward",
                                       "a photo of ketchup on food", "a photo of a theatrical stage fight"],
                  "threshold": 0.6,
                  "action": "block"
                },
                {
                  "name": "weapons",
                  "prompts": ["a photo of a gun", "a photo of a rifle", "a photo of a person aiming a gun", "a photo of a knife used as a weapon"],
                  "negative_prompts": ["a photo of a kitchen knife on a cutting board", "a photo of a toy water pistol",
                                       "a photo of a power drill", "a photo of a camera"],
                  "threshold": 0.5,
                  "action": "review"
                },
                {
                  "name": "drugs",
                  "prompts": ["a photo of illegal drugs", "a photo of lines of cocaine", "a photo of a person injecting drugs with a syringe",
                              "a photo of a marijuana joint"],
                  "negative_prompts": ["a photo of prescription medicine in a pharmacy", "a photo of sugar or flour",
                                       "a photo of herbs in a kitchen", "a photo of a nurse giving a vaccination"],
                  "threshold": 0.5,
                  "action": "review"
                },
                {
                  "name": "self_harm",
                  "prompts": ["a photo of self-harm cuts on an arm", "a photo of a person hurting themselves",
                              "a photo of scars from cutting on a wrist"],
                  "negative_prompts": ["a photo of a bandaged arm after surgery", "a photo of a tattoo on an arm",
                                       "a photo of a scratch from a cat", "a photo of a person smiling"],
                  "threshold": 0.5,
                  "action": "review"
                }
              ]
            }
            """;

    private DefaultPolicy() {
    }

    /**
     * The default policy, parsed and checked.
     *
     * @return the policy (its {@code calibrated} is false)
     */
    public static ModerationPolicy load() {
        return PolicyReader.parse(JSON, "default policy", "clip4j-default");
    }
}
