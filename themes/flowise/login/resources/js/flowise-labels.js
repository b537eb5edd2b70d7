/*
 * Keycloak 26.5 draws some labels that name no field: the code and device-name labels of
 * "configure OTP" say for="form-vertical-name", and the read-only "signed in as" field shown on the
 * one-time-code and required-action pages has a label for="username" while the field is
 * #kc-attempted-username. Screen readers then announce those fields without a name. CSS cannot fix
 * that and copying Keycloak's templates would have to be kept in step with every release, so this
 * script points each such label at the one field in its form group, and changes nothing else.
 */
(function () {
    "use strict";

    function labelOrphanedLabels() {
        document.querySelectorAll("label[for]").forEach(function (label) {
            if (document.getElementById(label.htmlFor)) {
                return;
            }
            var group = label.closest(".pf-v5-c-form__group");
            if (!group) {
                return;
            }
            var fields = group.querySelectorAll("input:not([type=hidden]), select, textarea");
            if (fields.length !== 1 || !fields[0].id || (fields[0].labels && fields[0].labels.length > 0)) {
                return;
            }
            label.htmlFor = fields[0].id;
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", labelOrphanedLabels);
    } else {
        labelOrphanedLabels();
    }
})();
