package io.github.flowisekeycloak.theme;

import io.github.flowisekeycloak.testing.Chromium;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every page of the {@code flowise} login theme must be, checked in the real browser on the
 * page as rendered: no console error, our stylesheet applied and Flowise's look computed from it,
 * every field labelled, text contrast WCAG AA, a visible focus ring on every Tab stop, no
 * horizontal scrolling on a 375 px wide phone. Screenshots of both sizes are written for review.
 *
 * <p>The look is read from computed styles, so it fails on Keycloak's stock keycloak.v2 pages
 * (its primary button is PatternFly's #0066cc, its title 28 px, its column a card on a dark page).
 */
final class FlowiseLook {

    static final String FLOWISE_BLUE = "rgb(33, 150, 243)";
    static final String WHITE = "rgb(255, 255, 255)";
    static final String INPUT_FILL = "rgb(250, 250, 250)";

    private final Chromium browser;
    private final Path screenshots;

    FlowiseLook(Chromium browser, Path screenshots) {
        this.browser = browser;
        this.screenshots = screenshots;
    }

    /**
     * All the checks on the current page, then its screenshots {@code name.png} and {@code name-375.png}.
     * Leaves nothing focused (Tab then starts from where the focus was last).
     */
    void check(String name) {
        assertThat(browser.pageId()).as("a Keycloak page (body[data-page-id]) at %s", browser.url()).isNotNull();
        String where = name + " (" + browser.pageId() + ")";

        // Images, stylesheets and scripts are all loaded once the document is complete.
        browser.await(d -> "complete".equals(browser.script("return document.readyState")), "the page to load");

        Map<String, Object> look = computedLook();
        assertThat(look.get("stylesheet")).as("%s: our stylesheet css/flowise.css loaded and parsed", where).isEqualTo(Boolean.TRUE);
        assertThat(look.get("bodyBackground")).as("%s: white page", where).isEqualTo(WHITE);
        assertThat(look.get("titleSize")).as("%s: title font size", where).isEqualTo("36px");
        assertThat(((Number) look.get("titleWeight")).intValue()).as("%s: bold title", where).isGreaterThanOrEqualTo(700);
        assertThat(((Number) look.get("columnWidth")).doubleValue()).as("%s: one column about 480 px wide", where)
                .isBetween(300.0, 481.0);
        assertThat(((Number) look.get("columnOffCentre")).doubleValue()).as("%s: the column is centred", where).isLessThan(2.0);
        assertThat(look.get("cardShadow")).as("%s: no card on the page, just the column", where).isEqualTo("none");
        if (look.get("primaryBackground") != null) {
            assertThat(look.get("primaryBackground")).as("%s: primary button in Flowise blue #2196f3", where).isEqualTo(FLOWISE_BLUE);
            assertThat(look.get("primaryColor")).as("%s: white button text", where).isEqualTo(WHITE);
            assertThat(((Number) look.get("primaryRadius")).doubleValue()).as("%s: rounded button", where).isGreaterThanOrEqualTo(8.0);
            assertThat(((Number) look.get("primaryWidthShare")).doubleValue()).as("%s: full-width button", where).isGreaterThan(0.95);
        }
        if (look.get("inputFill") != null) {
            assertThat(look.get("inputFill")).as("%s: input filled #fafafa", where).isEqualTo(INPUT_FILL);
            assertThat(((Number) look.get("inputRadius")).doubleValue()).as("%s: rounded input", where).isGreaterThanOrEqualTo(8.0);
        }

        everyTabStopShowsFocus(where);

        List<String> unlabelled = browser.script(UNLABELLED_JS);
        assertThat(unlabelled).as("%s: fields without a label", where).isEmpty();
        List<String> lowContrast = browser.script(CONTRAST_JS);
        assertThat(lowContrast).as("%s: text below WCAG AA contrast", where).isEmpty();

        browser.screenshot(screenshots.resolve(name + ".png"));
        browser.phone();
        try {
            browser.await(d -> ((Number) browser.script("return window.innerWidth")).intValue() == Chromium.PHONE_WIDTH,
                    "the 375 px viewport");
            List<String> overflow = browser.script(OVERFLOW_JS);
            assertThat(overflow).as("%s at 375 px: no horizontal scrolling, nothing cut off", where).isEmpty();
            List<String> phoneContrast = browser.script(CONTRAST_JS);
            assertThat(phoneContrast).as("%s at 375 px: text below WCAG AA contrast", where).isEmpty();
            browser.fullPageScreenshot(screenshots.resolve(name + "-375.png"));
        } finally {
            browser.desktop();
        }

        assertThat(consoleErrorsBesidesThePagesOwnStatus()).as("%s: browser console errors", where).isEmpty();
    }

    /** The computed styles the look is judged by (stylesheet loaded, colours, sizes, column). */
    Map<String, Object> computedLook() {
        return browser.script(LOOK_JS);
    }

    /**
     * The console's errors, less Chromium's note that the page itself came with an error status:
     * Keycloak serves its error pages as 400 (or 404), which is the page's meaning, not a fault in it.
     */
    private List<String> consoleErrorsBesidesThePagesOwnStatus() {
        String self = browser.url() + " - Failed to load resource: the server responded with a status of ";
        return browser.consoleErrors().stream().filter(e -> !e.startsWith(self)).toList();
    }

    /**
     * Tabs through the whole page from the top: every stop must show a focus ring (2 px or more, at
     * least 3:1 against what surrounds it), and the stops must come in the page's order. Leaves
     * nothing focused. Answers the ids (or tag names and links) of the stops, from the top.
     */
    List<String> everyTabStopShowsFocus(String name) {
        browser.script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        List<WebElement> seen = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        // Tab until the focus comes round again: past the last stop it leaves the page (the body),
        // then starts over at the first.
        for (int i = 0; i < 60; i++) {
            browser.press(Keys.TAB);
            WebElement focused = browser.focused();
            if ("body".equals(focused.getTagName())) {
                continue;
            }
            if (seen.contains(focused)) {
                break;
            }
            seen.add(focused);
            Map<String, Object> ring = browser.script(FOCUS_RING_JS, focused);
            assertThat(ring.get("visible")).as("%s: focus ring on Tab stop %s (%s)", name, describe(focused), ring)
                    .isEqualTo(Boolean.TRUE);
            positions.add(((Number) browser.script(
                    "return [...document.querySelectorAll('*')].indexOf(arguments[0])", focused)).intValue());
        }
        if (seen.isEmpty()) {
            return List.of(); // a page with nothing to operate (e.g. an error without a way on)
        }
        // In document order from the top: the focus order must follow the reading order (WCAG 2.4.3).
        int first = positions.indexOf(positions.stream().min(Integer::compare).orElseThrow());
        List<String> stops = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            int at = (first + i) % seen.size();
            stops.add(describe(seen.get(at)));
            order.add(positions.get(at));
        }
        assertThat(order).as("%s: focus order follows the page's order: %s", name, stops).isSorted();
        browser.script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        return stops;
    }

    private static String describe(WebElement element) {
        String id = element.getAttribute("id");
        return id != null && !id.isBlank() ? "#" + id
                : element.getTagName() + (Objects.toString(element.getAttribute("href"), "").isEmpty() ? ""
                : "[href=" + element.getAttribute("href").replaceAll("\\?.*", "?…") + "]");
    }

    // ---- Scripts run in the page ---------------------------------------------------------------

    private static final String LOOK_JS = """
            const visible = e => e && e.getClientRects().length > 0 && getComputedStyle(e).visibility === 'visible';
            const sheet = [...document.styleSheets].find(s => s.href && s.href.endsWith('/css/flowise.css'));
            let rules = 0;
            try { rules = sheet ? sheet.cssRules.length : 0; } catch (e) { rules = 0; }
            const title = document.getElementById('kc-page-title');
            const main = document.querySelector('.pf-v5-c-login__main');
            const mainRect = main.getBoundingClientRect();
            const primary = [...document.querySelectorAll('.pf-v5-c-button.pf-m-primary')].find(visible);
            const input = [...document.querySelectorAll('.pf-v5-c-form-control:not(.pf-m-readonly)')].find(visible);
            const form = primary ? (primary.closest('form') || main) : null;
            return {
              stylesheet: rules > 0,
              bodyBackground: getComputedStyle(document.body).backgroundColor,
              titleSize: title ? getComputedStyle(title).fontSize : null,
              titleWeight: title ? Number(getComputedStyle(title).fontWeight) : 0,
              columnWidth: mainRect.width,
              columnOffCentre: Math.abs(mainRect.left - (document.documentElement.clientWidth - mainRect.right)),
              cardShadow: getComputedStyle(main).boxShadow,
              primaryBackground: primary ? getComputedStyle(primary).backgroundColor : null,
              primaryColor: primary ? getComputedStyle(primary).color : null,
              primaryRadius: primary ? parseFloat(getComputedStyle(primary).borderTopLeftRadius) : 0,
              primaryWidthShare: primary ? primary.getBoundingClientRect().width / form.getBoundingClientRect().width : 0,
              inputFill: input ? getComputedStyle(input).backgroundColor : null,
              inputRadius: input ? parseFloat(getComputedStyle(input).borderTopLeftRadius) : 0,
            };
            """;

    /** Visible form fields a screen reader could not name: no label, no aria-label(ledby). */
    private static final String UNLABELLED_JS = """
            const fields = document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea');
            return [...fields].filter(f => f.getClientRects().length > 0)
              .filter(f => !(f.labels && [...f.labels].some(l => l.textContent.trim()))
                           && !(f.getAttribute('aria-label') || '').trim()
                           && !(f.getAttribute('aria-labelledby') || '').split(/\\s+/).some(id => {
                                 const l = id && document.getElementById(id); return l && l.textContent.trim(); }))
              .map(f => f.outerHTML.slice(0, 160));
            """;

    /** Colour maths shared by the contrast and focus scripts (WCAG 2.1 relative luminance). */
    private static final String COLOUR_JS = """
            const parse = c => { const m = /rgba?\\(([^)]+)\\)/.exec(c || ''); if (!m) return null;
              const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
              return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
            const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
              b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
            const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
            const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
            const backdrop = el => { const layers = [];
              for (let e = el; e; e = e.parentElement) { const bg = parse(getComputedStyle(e).backgroundColor);
                if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; } }
              let c = { r: 255, g: 255, b: 255, a: 1 };
              for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
              return c; };
            """;

    /**
     * Every visible text (text nodes, button values, typed input text) against its real backdrop:
     * at least 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). Disabled controls are exempt.
     */
    private static final String CONTRAST_JS = COLOUR_JS + """
            const failures = [];
            const judge = (el, what) => {
              const cs = getComputedStyle(el);
              if (cs.visibility !== 'visible' || Number(cs.opacity) === 0) return;
              const rect = el.getBoundingClientRect();
              if (rect.width <= 1 || rect.height <= 1) return;
              if (el.closest(':disabled, [aria-disabled=true]')) return;
              const bg = backdrop(el);
              const fg = over(parse(cs.color), bg);
              const size = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
              const large = size >= 24 || (size >= 18.66 && bold);
              const r = ratio(fg, bg);
              if (r < (large ? 3 : 4.5) - 0.005) {
                failures.push(`${r.toFixed(2)}:1 ${cs.color} on rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)}) `
                  + `${size}px/${cs.fontWeight} "${what.trim().slice(0, 40)}" <${el.tagName.toLowerCase()} id="${el.id}" class="${el.className}">`);
              }
            };
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const done = new Set();
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const el = n.parentElement;
              if (!n.textContent.trim() || done.has(el) || el.closest('script, style, noscript, template')) continue;
              if (el.getClientRects().length === 0) continue;
              done.add(el);
              judge(el, n.textContent);
            }
            document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio])').forEach(i => {
              if (i.getClientRects().length > 0) judge(i, i.value || i.type);
            });
            return failures;
            """;

    /** Horizontal overflow on the current viewport: the page scrolls sideways, or an element sticks out. */
    private static final String OVERFLOW_JS = """
            const width = document.documentElement.clientWidth;
            const out = [];
            if (document.documentElement.scrollWidth > width) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
            document.querySelectorAll('body *').forEach(e => {
              if (e.getClientRects().length === 0 || getComputedStyle(e).visibility !== 'visible') return;
              const r = e.getBoundingClientRect();
              if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5))
                out.push(`<${e.tagName.toLowerCase()} id="${e.id}" class="${e.className}"> spans ${Math.round(r.left)}..${Math.round(r.right)}`);
            });
            return out.slice(0, 10);
            """;

    /**
     * The focused element's ring: an outline of 2 px or more on it (or on the field frame that wraps
     * an input), at least 3:1 against the backdrop around it.
     */
    private static final String FOCUS_RING_JS = COLOUR_JS + """
            const el = arguments[0];
            let frame = null; // the outermost field frame around (or on) the element
            for (let e = el; e; e = e.parentElement) if (e.classList.contains('pf-v5-c-form-control')) frame = e;
            const candidates = frame && frame !== el ? [el, frame] : [el];
            for (const c of candidates) {
              const cs = getComputedStyle(c);
              if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) {
                const ring = parse(cs.outlineColor);
                const around = backdrop(c.parentElement || c);
                const r = ratio(over(ring, around), around);
                return { visible: r >= 3, on: c === el ? 'element' : 'field frame', outline: `${cs.outlineWidth} ${cs.outlineStyle} ${cs.outlineColor}`,
                         contrast: r.toFixed(2) };
              }
            }
            const cs = getComputedStyle(el);
            return { visible: false, outline: `${cs.outlineWidth} ${cs.outlineStyle} ${cs.outlineColor}`, boxShadow: cs.boxShadow };
            """;
}
