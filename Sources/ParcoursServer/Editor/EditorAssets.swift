/// The editor's style sheet and script, served by the editor itself: nothing comes from
/// another origin, and the pages carry no inline script.
public enum EditorAssets {
    public static let css = """
    :root { --texte: #1b1b1b; --fond: #fff; --accent: #0b5394; --erreur: #b00020; --gris: #595959; --bord: #767676; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--texte); background: var(--fond); }
    a { color: var(--accent); }
    :focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .evitement { position: absolute; left: -999px; }
    .evitement:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 2; }
    .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .entete { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem 2rem; padding: .75rem 1.5rem; background: #f3f5f8; border-bottom: 1px solid #d0d7de; }
    .entete .nom { margin: 0; font-weight: 700; }
    .entete .nom span { font-weight: 400; color: var(--gris); }
    .entete ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
    main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
    h1 { font-size: 1.75rem; margin: .5rem 0 1rem; }
    .bouton, button { display: inline-block; font: inherit; padding: .45rem 1rem; border: 2px solid var(--accent); border-radius: 4px; background: #fff; color: var(--accent); text-decoration: none; cursor: pointer; }
    .principal { background: var(--accent); color: #fff; }
    .nouveau { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
    .filtre { margin: 1.5rem 0 1rem; }
    .filtre input { font: inherit; padding: .4rem; border: 2px solid var(--bord); min-width: 16rem; }
    table.pages { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
    table.pages caption { text-align: left; font-weight: 700; font-size: 1.15rem; padding: .25rem 0; }
    table.pages th, table.pages td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
    /* The same columns in every section's table. */
    table.pages th:nth-child(1) { width: 55%; } table.pages th:nth-child(2) { width: 17%; }
    table.pages th:nth-child(3) { width: 13%; } table.pages th:nth-child(4) { width: 15%; }
    @media (max-width: 40rem) {
      table.pages thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
      table.pages, table.pages caption, table.pages tbody, table.pages tr { display: block; }
      table.pages tr { border-bottom: 1px solid #d0d7de; padding: .5rem 0; }
      table.pages td { display: inline; border: 0; padding: 0 .75rem 0 0; }
      table.pages td:first-child { display: block; padding: 0 0 .25rem; }
      table.pages td:empty { display: none; }
    }
    .etat { display: inline-block; padding: 0 .4rem; border: 1px solid currentColor; border-radius: 3px; font-size: .9rem; }
    .etat-draft, .etat-invalid { color: #7a3e00; }
    .etat-scheduled { color: #0b5394; }
    .etat-expired { color: var(--gris); }
    .bandeau { border-left: 5px solid #00703c; background: #eef7f1; padding: .25rem 1rem; margin: 1rem 0; }
    .resume-erreurs { border: 4px solid var(--erreur); padding: .5rem 1rem; margin: 1rem 0; }
    .resume-erreurs h2 { margin-top: .25rem; font-size: 1.2rem; }
    .resume-erreurs a { color: var(--erreur); font-weight: 700; }
    .conflit { border: 4px solid #7a3e00; padding: .5rem 1rem; margin: 1rem 0; }
    .version-disque:focus-visible { outline-offset: 0; }
    .version-disque { white-space: pre-wrap; background: #f6f6f6; padding: .5rem; max-height: 20rem; overflow: auto; }
    .edition { display: grid; gap: 2rem; }
    @media (min-width: 1200px) {
      .edition { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
      .edition > :not(.apercu) { grid-column: 1; }
      /* The preview stays in view while the fields further down are filled in. */
      .apercu { grid-column: 2; grid-row: 1 / span 3; position: sticky; top: 0; align-self: start; }
      .apercu h2 { margin-top: .5rem; }
      .edition .apercu iframe { height: calc(100vh - 8rem); }
    }
    .champ { margin: 0 0 1.25rem; }
    fieldset.champ { border: 1px solid #d0d7de; padding: .5rem 1rem 1rem; }
    legend { font-weight: 700; }
    label { display: block; font-weight: 600; }
    .case label { display: inline; font-weight: 400; margin-left: .4rem; }
    .aide { color: var(--gris); margin: .1rem 0 .35rem; font-size: .95rem; }
    .erreur { color: var(--erreur); font-weight: 700; margin: .1rem 0 .35rem; }
    input[type=text], input[type=email], input[type=password], input:not([type]), select, textarea { font: inherit; width: 100%; max-width: 40rem; padding: .4rem; border: 2px solid var(--bord); border-radius: 0; background: #fff; color: var(--texte); }
    textarea#champ-body { max-width: none; font-family: ui-monospace, Menlo, Consolas, monospace; }
    [aria-invalid=true] { border-color: var(--erreur); border-width: 3px; }
    .date-heure { display: flex; flex-wrap: wrap; gap: 1rem; }
    .date-heure input { width: auto; }
    .liste ol { padding-left: 1.5rem; }
    .liste li { margin-bottom: .5rem; }
    .outils-liste { display: inline-flex; gap: .25rem; margin-top: .25rem; }
    .outils-liste button { min-width: 2.25rem; min-height: 2rem; padding: .15rem .5rem; }
    .actions { display: flex; gap: 1rem; margin: 1.5rem 0; }
    .supprimer button { border-color: var(--erreur); color: var(--erreur); }
    .apercu iframe { width: 100%; height: 80vh; border: 1px solid #d0d7de; }
    .corbeille li { margin-bottom: .75rem; }
    .televersement input[type=file] { margin: .25rem 0 .75rem; }
    .barre-texte { display: flex; flex-wrap: wrap; gap: .25rem; margin: .25rem 0; }
    .barre-texte button, .choix-lien button { padding: .2rem .6rem; min-height: 2rem; }
    .choix-lien { margin: .25rem 0 .5rem; }
    .choix-lien select { margin: .25rem 0; }
    .a-copier { background: #f6f6f6; padding: .75rem; white-space: pre-wrap; user-select: all; }
    .corbeille form { display: inline; margin-left: .5rem; }
    .dans-apercu .evitement, .dans-apercu .entete, .dans-apercu main > :not(.resume-erreurs) { display: none; }
    """

    /// Lists gain buttons to add, move and remove items; the preview follows the typing.
    /// In the preview frame (a page with errors comes back there), the editor's page shows
    /// only what stops the preview, and takes neither the focus nor a preview of its own.
    public static let script = """
    "use strict";
    (function () {
      var french = document.documentElement.lang !== "en";
      function words(fr, en) { return french ? fr : en; }
      var inFrame = false;
      try { inFrame = window.self !== window.top; } catch (error) { inFrame = true; }

      // The error summary's links lead to the field: focused, its label in view (GOV.UK's way).
      // A date and time error leads to the one of the two that is wrong.
      function fieldFor(id, doc) {
        var target = doc.getElementById(id);
        if (!target) return null;
        if (target.getAttribute("aria-invalid") !== "true") {
          var group = target.closest("fieldset.date, .champ");
          var invalid = group && group.querySelector("[aria-invalid=true]");
          if (invalid) return invalid;
        }
        return target;
      }
      function goTo(target) {
        var group = target.closest("fieldset.date, .champ, fieldset") || target;
        group.scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
      }
      document.querySelectorAll(".resume-erreurs a[href^='#']").forEach(function (link) {
        link.addEventListener("click", function (event) {
          var id = link.getAttribute("href").slice(1);
          var doc = inFrame && window.parent ? window.parent.document : document;
          var target = fieldFor(id, doc);
          if (!target) return;
          event.preventDefault();
          goTo(target);
        });
      });

      if (inFrame && document.querySelector("form.formulaire")) {
        document.documentElement.classList.add("dans-apercu");
        var heading = document.querySelector(".resume-erreurs h2");
        if (heading) heading.textContent = words("Aperçu impossible pour l’instant : corrigez d’abord ceci", "No preview yet: fix this first");
        return;
      }

      function labelOf(list) {
        var legend = list.querySelector(":scope > legend");
        return legend ? legend.textContent.trim() : "";
      }
      function renumber(list) {
        var name = labelOf(list);
        var items = list.querySelectorAll(":scope > ol > li");
        items.forEach(function (item, index) {
          item.querySelectorAll("[name]").forEach(function (field) {
            field.name = field.name.replace(/^([^.]+)\\.\\d+/, "$1." + index);
          });
          item.querySelectorAll("[id]").forEach(function (element) {
            element.id = element.id.replace(/^(champ-[^-]+(?:_[^-]+)*)-\\d+/, "$1-" + index);
          });
          item.querySelectorAll("label[for]").forEach(function (label) {
            label.htmlFor = label.htmlFor.replace(/^(champ-[^-]+(?:_[^-]+)*)-\\d+/, "$1-" + index);
          });
          item.querySelectorAll("[aria-describedby]").forEach(function (field) {
            field.setAttribute("aria-describedby", field.getAttribute("aria-describedby").replace(/(champ-[^-]+(?:_[^-]+)*)-\\d+/g, "$1-" + index));
          });
          var title = item.querySelector(":scope > label, :scope > fieldset > legend");
          if (title && name) title.textContent = name + " " + (index + 1);
          item.querySelectorAll(":scope > .outils-liste button").forEach(function (button) {
            button.setAttribute("aria-label", button.dataset.action + " : " + name + " " + (index + 1));
          });
        });
      }
      function firstField(item) { return item && item.querySelector("input, textarea, select"); }
      function tools(list, item, add) {
        var box = document.createElement("div");
        box.className = "outils-liste";
        [["↑", words("Monter", "Move up"), function (button) {
            var before = item.previousElementSibling;
            if (!before) return;
            item.parentNode.insertBefore(item, before);
            button.focus();
          }],
         ["↓", words("Descendre", "Move down"), function (button) {
            var after = item.nextElementSibling;
            if (!after) return;
            item.parentNode.insertBefore(after, item);
            button.focus();
          }],
         ["✕", words("Retirer", "Remove"), function () {
            var next = firstField(item.previousElementSibling) || firstField(item.nextElementSibling) || add;
            item.remove();
            next.focus();
          }]].forEach(function (spec) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = spec[0];
          button.dataset.action = spec[1];
          button.addEventListener("click", function () { spec[2](button); renumber(list); });
          box.appendChild(button);
        });
        item.appendChild(box);
      }
      document.querySelectorAll("[data-liste]").forEach(function (list) {
        var items = list.querySelectorAll(":scope > ol > li");
        // A blank row kept aside: "Ajouter" works even when every row was removed.
        var template = items.length ? items[items.length - 1].cloneNode(true) : null;
        if (template) {
          template.querySelectorAll("input, textarea").forEach(function (field) { field.value = ""; field.defaultValue = ""; field.removeAttribute("aria-invalid"); });
          template.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (field) { field.checked = false; field.defaultChecked = false; });
          template.querySelectorAll("select").forEach(function (field) { field.selectedIndex = 0; });
          template.querySelectorAll(".erreur").forEach(function (element) { element.remove(); });
          template.querySelectorAll("[aria-describedby]").forEach(function (field) {
            var ids = field.getAttribute("aria-describedby").split(/\\s+/).filter(function (id) { return !/-erreur$/.test(id); });
            if (ids.length) field.setAttribute("aria-describedby", ids.join(" ")); else field.removeAttribute("aria-describedby");
          });
        }
        var add = document.createElement("button");
        add.type = "button";
        add.className = "ajouter";
        add.textContent = words("Ajouter", "Add");
        add.setAttribute("aria-label", words("Ajouter", "Add") + " : " + labelOf(list));
        items.forEach(function (item) { tools(list, item, add); });
        add.addEventListener("click", function () {
          if (!template) return;
          var copy = template.cloneNode(true);
          list.querySelector(":scope > ol").appendChild(copy);
          tools(list, copy, add);
          renumber(list);
          var field = firstField(copy);
          if (field) field.focus();
        });
        list.appendChild(add);
        renumber(list);
      });

      var alert = document.querySelector(".resume-erreurs, .conflit");
      if (alert) alert.focus();

      // A file sent from the page: its Markdown goes where the cursor stands in the text,
      // and the page's unsaved typing stays.
      var upload = document.querySelector("[data-televersement]");
      var bodyText = document.getElementById("champ-body");
      if (upload && bodyText && window.fetch && window.FormData) {
        upload.addEventListener("submit", function (event) {
          event.preventDefault();
          var error = upload.querySelector("[data-televersement-erreur]");
          error.hidden = true;
          fetch(upload.action, { method: "POST", body: new FormData(upload), headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.json(); })
            .then(function (answer) {
              if (answer.erreur) { error.textContent = answer.erreur; error.hidden = false; error.focus(); return; }
              var at = bodyText.selectionStart || bodyText.value.length;
              bodyText.value = bodyText.value.slice(0, at) + "\\n\\n" + answer.markdown + "\\n\\n" + bodyText.value.slice(at);
              bodyText.dispatchEvent(new Event("input", { bubbles: true }));
              upload.reset();
              bodyText.focus();
            })
            .catch(function () { error.textContent = words("L’envoi a échoué : réessayez.", "Sending failed: try again."); error.hidden = false; error.focus(); });
        });
      }
      // A small toolbar over the text: it writes the Markdown a person would otherwise type.
      var pagesData = document.getElementById("pages-du-site");
      if (bodyText) {
        var bar = document.createElement("div");
        bar.className = "barre-texte";
        bar.setAttribute("role", "toolbar");
        bar.setAttribute("aria-label", words("Mise en forme du texte", "Text formatting"));
        bar.setAttribute("aria-controls", "champ-body");
        function wrap(before, after, placeholder) {
          var start = bodyText.selectionStart, end = bodyText.selectionEnd;
          var chosen = bodyText.value.slice(start, end) || placeholder;
          bodyText.value = bodyText.value.slice(0, start) + before + chosen + after + bodyText.value.slice(end);
          bodyText.focus();
          bodyText.setSelectionRange(start + before.length, start + before.length + chosen.length);
          bodyText.dispatchEvent(new Event("input", { bubbles: true }));
        }
        function lineStart(prefix, placeholder) {
          var start = bodyText.selectionStart;
          var at = bodyText.value.lastIndexOf("\\n", start - 1) + 1;
          bodyText.value = bodyText.value.slice(0, at) + prefix + bodyText.value.slice(at);
          if (bodyText.value.slice(at + prefix.length).split("\\n")[0] === "") { wrap("", "", placeholder); return; }
          bodyText.focus();
          bodyText.setSelectionRange(start + prefix.length, start + prefix.length);
          bodyText.dispatchEvent(new Event("input", { bubbles: true }));
        }
        var picker = document.createElement("div");
        picker.className = "choix-lien";
        picker.hidden = true;
        var pages = [];
        try { pages = JSON.parse(pagesData ? pagesData.textContent : "[]"); } catch (e) { pages = []; }
        var pickLabel = document.createElement("label");
        pickLabel.htmlFor = "choix-lien-page";
        pickLabel.textContent = words("Page vers laquelle mener", "Page to link to");
        var pick = document.createElement("select");
        pick.id = "choix-lien-page";
        pages.forEach(function (page) {
          var option = document.createElement("option");
          option.value = page.adresse;
          option.textContent = page.titre + " (" + page.adresse + ")";
          pick.appendChild(option);
        });
        var insert = document.createElement("button");
        insert.type = "button";
        insert.textContent = words("Insérer le lien", "Insert the link");
        insert.addEventListener("click", function () {
          var title = pick.options[pick.selectedIndex] ? pages[pick.selectedIndex].titre : "";
          picker.hidden = true;
          wrap("[", "](" + pick.value + ")", title);
        });
        picker.appendChild(pickLabel);
        picker.appendChild(pick);
        picker.appendChild(insert);
        [[words("Intertitre", "Heading"), function () { lineStart("## ", words("Intertitre", "Heading")); }],
         [words("Gras", "Bold"), function () { wrap("**", "**", words("texte en gras", "bold text")); }],
         [words("Italique", "Italic"), function () { wrap("*", "*", words("texte en italique", "italic text")); }],
         [words("Liste", "List"), function () { lineStart("- ", words("élément", "item")); }],
         [words("Lien vers une page", "Link to a page"), function () { picker.hidden = !picker.hidden; if (!picker.hidden) pick.focus(); }],
         [words("Image", "Image"), function () {
           var file = document.getElementById("televersement-fichier");
           if (file) { file.scrollIntoView({ block: "center" }); file.focus(); }
         }]].forEach(function (spec) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = spec[0];
          button.addEventListener("click", spec[1]);
          bar.appendChild(button);
        });
        bodyText.parentNode.insertBefore(bar, bodyText);
        bodyText.parentNode.insertBefore(picker, bodyText);
        // A file dropped on the text goes to the file form, which asks for its description.
        var fileInput = document.getElementById("televersement-fichier");
        bodyText.addEventListener("dragover", function (event) { if (fileInput && event.dataTransfer && event.dataTransfer.types.indexOf("Files") >= 0) event.preventDefault(); });
        bodyText.addEventListener("drop", function (event) {
          if (!fileInput || !event.dataTransfer || !event.dataTransfer.files.length) return;
          event.preventDefault();
          fileInput.files = event.dataTransfer.files;
          var alt = document.getElementById("televersement-alt");
          if (alt) { alt.scrollIntoView({ block: "center" }); alt.focus(); }
        });
      }
      var form = document.querySelector("form.formulaire");
      var preview = form && form.querySelector("button[value=apercu]");
      if (form && preview && form.requestSubmit) {
        // A new page is previewed once it has a title: before, there is nothing to show.
        var title = form.querySelector("[name=title]");
        var ready = function () { return !title || title.value.trim() !== ""; };
        var timer = null;
        form.addEventListener("input", function () {
          clearTimeout(timer);
          if (ready()) timer = setTimeout(function () { form.requestSubmit(preview); }, 1200);
        });
        if (ready()) form.requestSubmit(preview);
      }
    })();
    """
}
