// Patronage web UI: the customer picker (WAI-ARIA combobox), keeping a half-filled form
// across a language switch, focusing the first error, confirmations. No dependencies.
"use strict";

(function () {
  const STORE = "patronage:form:";

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  // What was typed suggests the new customer's first field: digits → phone, @ → email.
  function prefill(typed) {
    const text = typed.trim().replace(/\s+/g, " ");
    if (!text) return {};
    if (text.includes("@")) return { email: text };
    const digits = (text.match(/\d/g) || []).length;
    if (digits >= 3 && /^[\d\s+\-.()]+$/.test(text)) return { phone: text };
    return { name: text };
  }

  function setupPicker(form) {
    const input = form.querySelector("[role=combobox]");
    const list = form.querySelector("[role=listbox]");
    const attach = document.getElementById("attach-form");
    const create = document.getElementById("new-customer");
    const status = document.getElementById("status");
    let options = [];
    let active = -1;
    let lastQuery = null;
    let pendingQuery = null;
    let seq = 0;

    form.querySelectorAll("[data-no-js]").forEach((el) => el.classList.add("js-hidden"));

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      options.forEach((o, i) => o.el.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].el.id);
        options[index].el.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(id, html, choose) {
      const li = document.createElement("li");
      li.id = id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.innerHTML = html;
      li.addEventListener("mousedown", (e) => e.preventDefault());
      li.addEventListener("click", choose);
      list.appendChild(li);
      return { el: li, choose };
    }

    function esc(text) {
      const span = document.createElement("span");
      span.textContent = text;
      return span.innerHTML;
    }

    function render(items, typed) {
      list.innerHTML = "";
      options = items.map((c, i) =>
        option(
          "picker-option-" + i,
          '<span class="opt-name">' + esc(c.name) + '</span> <span class="opt-meta">' +
            esc([c.phone, c.email, c.status].filter(Boolean).join(" · ")) + "</span>",
          () => pick(c.id),
        ),
      );
      const label = form.dataset.newLabel.replace("{typed}", typed);
      options.push(option("picker-option-new", '<span class="opt-new">' + esc(label) + "</span>",
        () => newCustomer(typed)));
      const count = form.dataset.countLabel.replace("{count}", String(items.length));
      status.textContent = items.length ? count : form.dataset.noneLabel;
      open();
      highlight(items.length ? -1 : options.length - 1);
    }

    function pick(id) {
      attach.querySelector("[name=customer_id]").value = id;
      close();
      attach.submit();
    }

    function newCustomer(typed) {
      close();
      if (!create) return;
      create.hidden = false;
      const values = prefill(typed);
      const fields = ["name", "phone", "email"].map((f) => create.querySelector("#new-" + f));
      fields.forEach((el) => {
        const name = el.name;
        if (values[name] !== undefined) el.value = values[name];
      });
      const empty = fields.find((el) => !el.value);
      (empty || fields[0]).focus();
    }

    const search = debounce(async function () {
      const typed = input.value;
      if (!typed.trim()) {
        lastQuery = typed;
        list.innerHTML = "";
        options = [];
        close();
        return;
      }
      if (typed === pendingQuery) return;
      if (typed === lastQuery && options.length) {
        open();
        return;
      }
      const mine = ++seq;
      pendingQuery = typed;
      const url = form.dataset.lookup + "?q=" + encodeURIComponent(typed);
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (mine !== seq) return;
      pendingQuery = null;
      if (!response.ok) return;
      const body = await response.json();
      lastQuery = typed;
      render(body.items, typed.trim());
    }, 200);

    input.addEventListener("input", search);
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) {
          open();
          if (list.hidden) return;
        }
        const step = e.key === "ArrowDown" ? 1 : -1;
        const next = active < 0 && step < 0 ? options.length - 1 : (active + step + options.length) % options.length;
        highlight(next);
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) {
          e.preventDefault();
          options[active].choose();
        }
      } else if (e.key === "Escape") {
        if (!list.hidden) {
          e.preventDefault();
          close();
        } else if (input.value) {
          input.value = "";
        }
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    // Typed before this script ran (a quick cashier): search for it now.
    if (input.value !== input.defaultValue) search();
  }

  // A language switch reloads the page: keep what was typed in its forms.
  function saveForms() {
    const saved = {};
    document.querySelectorAll("main form").forEach((form, f) => {
      Array.from(form.elements).forEach((el, i) => {
        if (!el.name || el.type === "hidden" || el.type === "password" || el.type === "submit") return;
        if (el.type === "checkbox" || el.type === "radio") saved[f + ":" + i] = el.checked;
        else saved[f + ":" + i] = el.value;
      });
    });
    const open = document.getElementById("new-customer");
    saved.createOpen = open ? !open.hidden : false;
    sessionStorage.setItem(STORE + location.pathname, JSON.stringify(saved));
  }

  function restoreForms() {
    const raw = sessionStorage.getItem(STORE + location.pathname);
    if (!raw) return;
    sessionStorage.removeItem(STORE + location.pathname);
    const saved = JSON.parse(raw);
    document.querySelectorAll("main form").forEach((form, f) => {
      Array.from(form.elements).forEach((el, i) => {
        const value = saved[f + ":" + i];
        if (value === undefined) return;
        if (el.type === "checkbox" || el.type === "radio") el.checked = value;
        else el.value = value;
      });
    });
    const open = document.getElementById("new-customer");
    if (open && saved.createOpen) open.hidden = false;
  }

  function focusFirstError() {
    const target = document.querySelector("[data-focus-error] [autofocus]") ||
      document.querySelector("[aria-invalid=true]") ||
      document.querySelector("[data-focus-error], [role=alert]");
    if (!target) return;
    if (!target.matches("input, select, textarea, button, a")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus();
  }

  document.addEventListener("DOMContentLoaded", () => {
    restoreForms();
    document.querySelectorAll("[data-picker]").forEach(setupPicker);
    document.querySelectorAll("[data-language-switch]").forEach((link) =>
      link.addEventListener("click", saveForms));
    document.querySelectorAll("form[data-confirm]").forEach((form) =>
      form.addEventListener("submit", (e) => {
        if (!window.confirm(form.dataset.confirm)) e.preventDefault();
      }));
    document.querySelectorAll("[data-back]").forEach((link) =>
      link.addEventListener("click", (e) => {
        if (history.length > 1) {
          e.preventDefault();
          history.back();
        }
      }));
    // A chart wider than a phone opens on its latest days.
    document.querySelectorAll(".chart-box").forEach((box) => { box.scrollLeft = box.scrollWidth; });
    focusFirstError();
  });
})();
