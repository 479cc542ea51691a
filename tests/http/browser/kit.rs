//! The browser kit: Debian's Chromium driven through chromedriver by the
//! `fantoccini` WebDriver client, with the few things the suite asks of a
//! page in a person's words: press the button called X, type into the
//! field labelled Y, tick the choice Z in the group W. Plus what a person
//! cannot do by eye: axe-core's audit, the size of every control, text
//! zoom, dark mode, and the network switched off.
//!
//! Needs `chromium` and `chromium-driver` (Debian) and the npm package
//! `axe-core` (`npm ci --prefix tests/browser`); `.ci/run` installs them and
//! sets `BRIDGEWORK_REQUIRE_BROWSER=1`, which turns a missing piece into a
//! failure instead of a skip.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::rt::time::sleep;
use base64::Engine;
use fantoccini::elements::{Element, ElementRef};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
/// Set by .ci/run: a missing browser, driver or axe-core fails the suite.
pub const REQUIRE: &str = "BRIDGEWORK_REQUIRE_BROWSER";
/// Where axe-core's script is, when not under tests/browser/node_modules.
pub const AXE_ENV: &str = "BRIDGEWORK_AXE_CORE";
/// The key W3C WebDriver puts element references under.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long a page state may take to appear before the test gives up.
const PATIENCE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// The two screens the suite uses, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// A member's phone (an iPhone 12-15 sized viewport).
    Phone,
    /// A coach's desk.
    Desktop,
    /// A station's tablet, held landscape.
    Tablet,
}

impl Screen {
    fn metrics(self) -> Value {
        match self {
            Screen::Phone => {
                json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true})
            }
            Screen::Desktop => {
                json!({"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false})
            }
            Screen::Tablet => {
                json!({"width": 1024, "height": 768, "deviceScaleFactor": 1, "mobile": false})
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Screen::Phone => "phone 390x844",
            Screen::Desktop => "desktop 1280x900",
            Screen::Tablet => "tablet 1024x768",
        }
    }
}

fn required() -> bool {
    std::env::var_os(REQUIRE).is_some_and(|v| !v.is_empty() && v != "0")
        || std::env::var_os("CI").is_some()
}

/// Skips (returns None) when the browser is not installed, unless the
/// environment requires it; then it fails with what to install.
pub fn chromedriver_or_skip() -> Option<PathBuf> {
    let found = Path::new(CHROMIUM)
        .exists()
        .then(|| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(|dir| dir.join("chromedriver"))
                .find(|candidate| candidate.is_file())
        })
        .flatten();
    if found.is_none() {
        assert!(
            !required(),
            "browser suite: chromedriver or {CHROMIUM} not found, and {REQUIRE} (or CI) is set; \
             install Debian's chromium and chromium-driver (.ci/run does)"
        );
        println!("skipping the browser suite: chromedriver or {CHROMIUM} not found");
    }
    found
}

/// axe-core's script, or None (with a note) when it is not installed and
/// not required.
fn axe_source() -> Option<String> {
    let path = std::env::var_os(AXE_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/browser/node_modules/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) => {
            assert!(
                !required(),
                "browser suite: axe-core not found at {} ({e}); run `npm ci --prefix tests/browser` \
                 or set {AXE_ENV}",
                path.display()
            );
            println!(
                "browser suite: axe-core not found at {}; accessibility audits are skipped \
                 (npm ci --prefix tests/browser)",
                path.display()
            );
            None
        }
    }
}

/// One chromedriver process and the Chromium sessions it runs. Dropping it
/// ends every session (Chromium quits) and stops chromedriver, even when a
/// test panics.
pub struct Kit {
    driver: Child,
    port: u16,
    sessions: Mutex<Vec<String>>,
    /// Each browser's profile, removed once the browsers have quit.
    profiles: Mutex<Vec<tempfile::TempDir>>,
    axe: Option<Arc<String>>,
    shots: Arc<Shots>,
}

/// Numbered screenshots under target/browser-screenshots/.
pub struct Shots {
    dir: PathBuf,
    next: AtomicUsize,
}

impl Shots {
    fn new() -> Shots {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("target dir")
            .join("browser-screenshots");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        Shots {
            dir,
            next: AtomicUsize::new(1),
        }
    }

    fn path(&self, step: &str) -> PathBuf {
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        self.dir.join(format!("{n:02}-{step}.png"))
    }
}

impl Kit {
    pub async fn start(chromedriver: &Path) -> Kit {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut kit = Kit {
            driver,
            port,
            sessions: Mutex::default(),
            profiles: Mutex::default(),
            axe: axe_source().map(Arc::new),
            shots: Arc::new(Shots::new()),
        };
        kit.wait_until_ready().await;
        kit
    }

    async fn wait_until_ready(&mut self) {
        let status = format!("http://127.0.0.1:{}/status", self.port);
        let http = reqwest::Client::new();
        // allow-wall-clock: how long chromedriver has had to start
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Some(exit) = self.driver.try_wait().unwrap() {
                panic!("chromedriver exited at start: {exit}");
            }
            if let Ok(response) = http.get(&status).send().await {
                let body: Value = response.json().await.unwrap_or_default();
                if body["value"]["ready"] == true {
                    return;
                }
            }
            sleep(POLL).await;
        }
        panic!("chromedriver was not ready after {PATIENCE:?}");
    }

    /// A fresh Chromium (its own empty profile) showing `screen`.
    pub async fn open(&self, screen: Screen, who: &str) -> Page {
        let profile = tempfile::tempdir().expect("a profile dir");
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({"binary": CHROMIUM, "args": args}),
        );
        capabilities.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a Chromium session");
        let id = client.session_id().await.unwrap().expect("a session id");
        self.sessions.lock().unwrap().push(id);
        self.profiles.lock().unwrap().push(profile);
        let page = Page {
            client,
            who: who.to_string(),
            screen,
            axe: self.axe.clone(),
            shots: self.shots.clone(),
        };
        page.show_as(screen).await;
        page
    }
}

impl Drop for Kit {
    fn drop(&mut self) {
        let sessions = std::mem::take(&mut *self.sessions.lock().unwrap());
        let port = self.port;
        // Drop cannot await, and the test's runtime may be gone: end the
        // sessions from a thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let http = reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .unwrap();
                for id in sessions {
                    let url = format!("http://127.0.0.1:{port}/session/{id}");
                    let _ = http.delete(url).send().await;
                }
            });
        })
        .join();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        self.profiles.lock().unwrap().clear();
    }
}

/// A command chromedriver has beyond W3C WebDriver.
#[derive(Debug)]
struct Extension {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Extension {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// A control on the page and how big it is, as a finger sees it.
#[derive(Debug, serde::Deserialize)]
pub struct Target {
    pub what: String,
    pub width: f64,
    pub height: f64,
}

/// One browser: a member's phone or a coach's desk.
pub struct Page {
    pub client: Client,
    who: String,
    screen: Screen,
    axe: Option<Arc<String>>,
    shots: Arc<Shots>,
}

/// Finds a control the way a person does: by its visible text or label,
/// optionally inside a group (a fieldset's legend, a section's heading or
/// an aria-label). Exactly one must match.
const LOCATE: &str = r#"
const [kind, text, group] = arguments;
const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const own = (label) => {
  const copy = label.cloneNode(true);
  copy.querySelectorAll('input, select, textarea, .hint').forEach((e) => e.remove());
  return norm(copy.textContent);
};
let scope = document;
if (group === 'main') {
  scope = document.querySelector('main');
} else if (group) {
  const named = [...document.querySelectorAll('fieldset, section, form, nav, [aria-label]')].filter((g) => {
    if (norm(g.getAttribute('aria-label')) === group) return true;
    if (g.matches('fieldset')) {
      const legend = g.querySelector(':scope > legend');
      return !!legend && norm(legend.textContent) === group;
    }
    const heading = g.querySelector(':scope > h1, :scope > h2, :scope > h3');
    return !!heading && norm(heading.textContent) === group;
  });
  if (named.length !== 1) return { error: named.length + ' groups called "' + group + '"' };
  scope = named[0];
}
let found = [];
if (kind === 'field') {
  found = [...scope.querySelectorAll('label')]
    .filter((l) => l.control && own(l) === text && shown(l.control))
    .map((l) => l.control);
} else if (kind === 'choice') {
  found = [...scope.querySelectorAll('label')]
    .filter((l) => l.control && ['checkbox', 'radio'].includes(l.control.type) && own(l) === text && shown(l));
} else if (kind === 'action') {
  found = [...scope.querySelectorAll('a[href], button, input[type=submit], input[type=button]')]
    .filter((e) => shown(e) && norm(e.tagName === 'INPUT' ? e.value : e.textContent) === text);
} else if (kind === 'option') {
  found = [...scope.querySelectorAll('option')].filter((o) => norm(o.textContent).startsWith(text));
}
if (found.length !== 1) {
  return { error: found.length + ' ' + kind + 's called "' + text + '"' + (group ? ' in "' + group + '"' : '') };
}
return found[0];
"#;

/// Every control a finger can hit, with its size; a checkbox or radio is
/// measured with its label (tapping either works).
const TARGETS: &str = r#"
const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
const out = [];
const seen = new Set();
const controls = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])');
for (const el of controls) {
  let target = el;
  if (el.matches('input[type=checkbox], input[type=radio]') && el.labels && el.labels.length) {
    target = el.labels[0];
  }
  if (seen.has(target)) continue;
  seen.add(target);
  const r = target.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (getComputedStyle(target).visibility === 'hidden') continue;
  // The skip link waits off-screen until it has the focus.
  if (r.right <= 0 || r.bottom <= 0) continue;
  const name = norm(target.innerText || target.value || target.getAttribute('aria-label') || target.name);
  out.push({ what: target.tagName.toLowerCase() + ' "' + name.slice(0, 40) + '"', width: r.width, height: r.height });
}
return out;
"#;

impl Page {
    async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(Extension {
                path: "goog/cdp/execute",
                body: json!({"cmd": cmd, "params": params}),
            })
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
    }

    /// Lays the page out for `screen` (the viewport, as the device would).
    pub async fn show_as(&self, screen: Screen) {
        self.cdp("Emulation.setDeviceMetricsOverride", screen.metrics())
            .await;
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("{} opens {url}: {e}", self.who));
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_string()
    }

    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs `script`, which ends by calling `done(value)`.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        let script = format!("const done = arguments[arguments.length - 1];\n{script}");
        self.client
            .execute_async(&script, args)
            .await
            .unwrap_or_else(|e| panic!("async script failed: {e}\n{script}"))
    }

    async fn locate(&self, kind: &str, text: &str, group: Option<&str>) -> Element {
        let found = self
            .js(LOCATE, vec![json!(kind), json!(text), json!(group)])
            .await;
        match found[ELEMENT].as_str() {
            Some(id) => {
                Element::from_element_id(self.client.clone(), ElementRef::from(id.to_string()))
            }
            None => panic!(
                "{} on {}: {}",
                self.who,
                self.path().await,
                found["error"].as_str().unwrap_or("nothing found")
            ),
        }
    }

    /// Presses the button or follows the link with this visible text.
    pub async fn press(&self, text: &str) {
        self.press_in(None, text).await
    }

    pub async fn press_in(&self, group: Option<&str>, text: &str) {
        let target = self.locate("action", text, group).await;
        target
            .click()
            .await
            .unwrap_or_else(|e| panic!("{} presses \"{text}\": {e}", self.who));
    }

    /// Types into the field with this label (replacing what was there).
    pub async fn fill(&self, label: &str, text: &str) {
        self.fill_in(None, label, text).await
    }

    pub async fn fill_in(&self, group: Option<&str>, label: &str, text: &str) {
        let field = self.locate("field", label, group).await;
        field.clear().await.unwrap();
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("{} types into \"{label}\": {e}", self.who));
    }

    /// The current value of the field with this label.
    pub async fn value_of(&self, label: &str) -> String {
        let field = self.locate("field", label, None).await;
        field.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn value_of_in(&self, group: &str, label: &str) -> String {
        let field = self.locate("field", label, Some(group)).await;
        field.prop("value").await.unwrap().unwrap_or_default()
    }

    /// Taps the label of a checkbox or radio (inside `group`, a legend).
    pub async fn choose(&self, group: Option<&str>, label: &str) {
        let choice = self.locate("choice", label, group).await;
        choice
            .click()
            .await
            .unwrap_or_else(|e| panic!("{} chooses \"{label}\": {e}", self.who));
    }

    /// Picks the option starting with `option` in the select labelled `label`.
    pub async fn select(&self, label: &str, option: &str) {
        let field = self.locate("field", label, None).await;
        field.click().await.unwrap();
        let found = self
            .client
            .execute(
                "const [select, text] = arguments; \
                 const o = [...select.options].find((o) => o.textContent.replace(/\\s+/g, ' ').trim().startsWith(text)); \
                 if (!o) return false; select.value = o.value; \
                 select.dispatchEvent(new Event('change', { bubbles: true })); return true;",
                vec![serde_json::to_value(&field).unwrap(), json!(option)],
            )
            .await
            .unwrap();
        assert_eq!(found, json!(true), "no option \"{option}\" in \"{label}\"");
    }

    /// Waits until `condition` (a script returning a boolean) holds.
    pub async fn wait_for(&self, what: &str, condition: &str, args: Vec<Value>) {
        // allow-wall-clock: how long the page has had to get there
        let start = Instant::now();
        loop {
            if let Ok(Value::Bool(true)) = self.client.execute(condition, args.clone()).await {
                return;
            }
            if start.elapsed() > PATIENCE {
                panic!(
                    "{} waited {PATIENCE:?} on {} and still not: {what}\npage text: {}",
                    self.who,
                    self.path().await,
                    self.text().await
                );
            }
            sleep(POLL).await;
        }
    }

    /// Waits until `script` (which calls `done(true)` once it holds, after
    /// promises such as the Cache API's) holds.
    pub async fn wait_for_async(&self, what: &str, script: &str, args: Vec<Value>) {
        // allow-wall-clock: how long the page has had to get there
        let start = Instant::now();
        while self.js_async(script, args.clone()).await != json!(true) {
            assert!(
                start.elapsed() < PATIENCE,
                "{} waited {PATIENCE:?} and still not: {what}",
                self.who
            );
            sleep(POLL).await;
        }
    }

    /// Waits for a page whose main heading is `heading` (after a click that
    /// navigates, or a redirect).
    pub async fn wait_for_heading(&self, heading: &str) {
        self.wait_for(
            &format!("the heading is \"{heading}\""),
            "const h = document.querySelector('h1'); \
             return document.readyState === 'complete' && !!h && h.textContent.replace(/\\s+/g, ' ').trim() === arguments[0];",
            vec![json!(heading)],
        )
        .await;
    }

    /// Waits until the page shows `text` somewhere.
    pub async fn wait_for_text(&self, text: &str) {
        self.wait_for(
            &format!("the page shows \"{text}\""),
            "return document.readyState === 'complete' && document.body.innerText.replace(/\\s+/g, ' ').includes(arguments[0]);",
            vec![json!(text)],
        )
        .await;
    }

    /// The page's visible text, whitespace folded.
    pub async fn text(&self) -> String {
        self.client
            .execute(
                "return document.body ? document.body.innerText.replace(/\\s+/g, ' ') : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The text of the first element matching `css` (for assertions on
    /// what a page says, not for finding what to press).
    pub async fn text_of(&self, css: &str) -> String {
        let found = self
            .js(
                "const e = document.querySelector(arguments[0]); \
                 return e ? e.innerText.replace(/\\s+/g, ' ').trim() : null;",
                vec![json!(css)],
            )
            .await;
        found
            .as_str()
            .unwrap_or_else(|| panic!("{}: nothing matches {css}", self.who))
            .to_string()
    }

    /// A full-page screenshot, numbered in the order of the story.
    pub async fn screenshot(&self, step: &str) {
        let size = self
            .js(
                "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];",
                vec![],
            )
            .await;
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1},
                }),
            )
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64 PNG");
        std::fs::write(self.shots.path(step), png).expect("screenshot written");
    }

    /// Errors the browser logged since the last call: script errors, failed
    /// loads and anything the Content Security Policy blocked.
    pub async fn console_errors(&self) -> Vec<String> {
        let entries = self
            .client
            .issue_cmd(Extension {
                path: "se/log",
                body: json!({"type": "browser"}),
            })
            .await
            .expect("the browser log");
        entries
            .as_array()
            .expect("log entries")
            .iter()
            .filter(|e| {
                e["level"] == "SEVERE"
                    || e["message"].to_string().contains("Content Security Policy")
            })
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Inline script, inline style and `on*` handler attributes: the CSP
    /// forbids them, so there should be none.
    pub async fn inline_code(&self) -> Vec<String> {
        let found = self
            .js(
                "const found = [];
                 for (const el of document.querySelectorAll('*')) {
                   for (const a of el.attributes) {
                     if ((a.name === 'style' && a.value.trim() !== '') || a.name.startsWith('on')) {
                       found.push(el.tagName.toLowerCase() + '[' + a.name + '=' + a.value + ']');
                     }
                   }
                 }
                 if (document.querySelector('script:not([src])')) found.push('inline script');
                 if (document.querySelector('style')) found.push('style element');
                 return found;",
                vec![],
            )
            .await;
        serde_json::from_value(found).expect("a list of strings")
    }

    /// axe-core's serious and critical violations on the page as it is
    /// laid out now (None when axe-core is not installed).
    pub async fn axe(&self) -> Option<Vec<String>> {
        let source = self.axe.as_ref()?;
        let loaded = self
            .js("return typeof window.axe === 'object';", vec![])
            .await;
        if loaded != json!(true) {
            self.js(&format!("{source}\nreturn true;"), vec![]).await;
        }
        let result = self
            .js_async(
                "axe.run(document, { resultTypes: ['violations'] })
                   .then((r) => done(r.violations.map((v) => ({
                      id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
                   }))))
                   .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
                vec![],
            )
            .await;
        let violations = result.as_array().expect("axe violations").clone();
        let mut bad = Vec::new();
        for v in violations {
            let line = format!(
                "{} ({}): {} [{}]",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                v["nodes"]
                    .as_array()
                    .map(|n| n
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(" | "))
                    .unwrap_or_default()
            );
            match v["impact"].as_str() {
                Some("serious" | "critical") => bad.push(line),
                _ => println!("axe note on {}: {line}", self.path().await),
            }
        }
        Some(bad)
    }

    /// Every control with its size as laid out now.
    pub async fn targets(&self) -> Vec<Target> {
        serde_json::from_value(self.js(TARGETS, vec![]).await).expect("targets")
    }

    /// Turns dark mode (prefers-color-scheme: dark) on or off.
    pub async fn dark_mode(&self, on: bool) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": if on { "dark" } else { "light" }}]}),
        )
        .await;
    }

    /// Sets the root font size to `factor` times the stylesheet's (text
    /// zoom) and says whether the page then scrolls sideways, naming what
    /// sticks out; then puts the size back.
    pub async fn scrolls_sideways_at_text_zoom(&self, factor: f64) -> Option<String> {
        let found = self
            .js(
                "const root = document.documentElement;
                 const before = root.getAttribute('style');
                 const base = parseFloat(getComputedStyle(root).fontSize);
                 root.style.fontSize = (base * arguments[0]) + 'px';
                 const width = root.clientWidth;
                 let result = null;
                 if (Math.max(root.scrollWidth, document.body.scrollWidth) > width) {
                   const out = [...document.querySelectorAll('body *')]
                     .filter((e) => e.getBoundingClientRect().right > width + 0.5)
                     .filter((e) => !e.closest('.table-wrap') || e.matches('.table-wrap'))
                     .slice(0, 8)
                     .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
                   result = root.scrollWidth + ' px wide in ' + width + ' px: ' + out.join(', ');
                 }
                 if (before === null) root.removeAttribute('style'); else root.setAttribute('style', before);
                 return result;",
                vec![json!(factor)],
            )
            .await;
        found.as_str().map(str::to_string)
    }

    /// Switches the network off or on for this browser's page (DevTools'
    /// network emulation: requests fail, navigator.onLine follows).
    pub async fn network(&self, online: bool) {
        self.cdp("Network.enable", json!({})).await;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": !online,
                "latency": 0,
                "downloadThroughput": -1,
                "uploadThroughput": -1,
            }),
        )
        .await;
    }

    /// Why Chromium would not offer to install the app (add it to the home
    /// screen); empty when it would. Also the manifest's parse errors.
    pub async fn installability_errors(&self) -> Vec<String> {
        let found = self.cdp("Page.getInstallabilityErrors", json!({})).await;
        let manifest = self.cdp("Page.getAppManifest", json!({})).await;
        found["installabilityErrors"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(manifest["errors"].as_array().into_iter().flatten())
            .map(Value::to_string)
            .collect()
    }

    /// Presses a key on the keyboard (to whatever has the focus).
    pub async fn key(&self, key: fantoccini::key::Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let value: char = key.into();
        let actions = KeyActions::new("keyboard".to_string())
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("{} presses a key: {e}", self.who));
    }

    /// What has the keyboard focus (its visible text) and whether it shows
    /// a focus ring (an outline or a box shadow).
    pub async fn focused(&self) -> (String, bool) {
        let found = self
            .js(
                "const e = document.activeElement;
                 if (!e || e === document.body) return ['', true];
                 const s = getComputedStyle(e);
                 const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
                 return [(e.innerText || e.value || e.getAttribute('aria-label') || e.tagName).replace(/\\s+/g, ' ').trim(), ring];",
                vec![],
            )
            .await;
        (
            found[0].as_str().unwrap_or_default().to_string(),
            found[1].as_bool().unwrap_or(false),
        )
    }

    /// The text of the table row that mentions `name`.
    pub async fn row_text(&self, name: &str) -> String {
        let found = self
            .js(
                "const row = [...document.querySelectorAll('tr')].find((r) => r.innerText.includes(arguments[0]));
                 return row ? row.innerText.replace(/\\s+/g, ' ').trim() : null;",
                vec![json!(name)],
            )
            .await;
        found
            .as_str()
            .unwrap_or_else(|| panic!("{}: no table row mentions {name}", self.who))
            .to_string()
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }
}
