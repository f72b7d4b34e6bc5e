"use strict";
// The photo library's picker (pictures/forms.py): each photo offered with its thumbnail beside its
// alt text and credit, so an editor picks by sight. Loaded after Django's admin/js/autocomplete.js
// and before the page is ready, it wraps the function that sets every autocomplete up.
{
    const $ = django.jQuery;
    const setUp = $.fn.djangoAdminSelect2;

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

    $.fn.djangoAdminSelect2 = function () {
        setUp.call(this.not("[data-field-name=library_photo]"));
        this.filter("[data-field-name=library_photo]").each(function (i, element) {
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
        return this;
    };
}
