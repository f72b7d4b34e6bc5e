"use strict";
// The photo library's picker (pictures/forms.py): each photo offered with its thumbnail beside its
// alt text and credit, so an editor picks by sight. Django's admin/js/autocomplete.js sets every
// picker up when the page is ready; after it has, this sets the photo pickers up again with a
// thumbnail beside each result. A read-only form has no picker, and no jQuery: nothing happens.
window.addEventListener("load", () => {
    const $ = window.django && window.django.jQuery;
    if (!$ || !$.fn.select2) {
        return;
    }

    function withThumbnail(result) {
        if (!result.id || !result.thumbnail) {
            return result.text;
        }
        const option = $("<span>", { class: "photo-option" });
        // alt="": the text beside it says what the picture shows.
        option.append($("<img>", { src: result.thumbnail, alt: "", width: 48, loading: "lazy" }));
        option.append(document.createTextNode(result.text));
        return option;
    }

    function upgrade(root) {
        $(root)
            .find(".admin-autocomplete[data-field-name=library_photo]")
            .not("[name*=__prefix__]")
            .each((i, element) => {
                if ($(element).hasClass("select2-hidden-accessible")) {
                    $(element).select2("destroy");
                }
                $(element).select2({
                    ajax: {
                        data: (params) => ({
                            term: params.term,
                            page: params.page,
                            app_label: element.dataset.appLabel,
                            model_name: element.dataset.modelName,
                            field_name: element.dataset.fieldName,
                        }),
                    },
                    templateResult: withThumbnail,
                });
            });
    }

    // After Django's own ready handler (queued before this one), which would set the pickers up
    // again with its defaults: jQuery may run ready handlers after the load event.
    $(() => upgrade(document));
    // A new inline row: after Django's own handler has set its picker up.
    document.addEventListener("formset:added", (event) => setTimeout(() => upgrade(event.target)));
});
