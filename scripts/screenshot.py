"""Regenerate the README screenshots from a running demo: python scripts/screenshot.py [BASE_URL]
(the pictures of PDF pages need the docs extra: pip install -e '.[docs]')."""
import sys

import pypdfium2
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pdf_page(page, path, number, target):
    """Draw page `number` (from 0) of the PDF at `path`, fetched as the signed-in person."""
    document = pypdfium2.PdfDocument(page.request.get(f"{BASE}{path}").body())
    document[number].render(scale=1.4).to_pil().save(target)


def sign_in(page, email):
    page.goto(f"{BASE}/login")
    page.fill("#email", email)
    page.fill("#password", "demo-pass-2026")
    page.click("button[type=submit]")


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "helena.vasquez@northwind.example")
    page.goto(f"{BASE}/readiness")
    page.screenshot(path="docs/readiness-matrix.png", full_page=False)
    page.goto(f"{BASE}/")
    page.screenshot(path="docs/dashboard.png", full_page=False)
    page.goto(f"{BASE}/artifacts/?type=risk_register")
    page.locator("table.list a").first.click()
    page.screenshot(path="docs/risk-register.png", full_page=False)
    manager = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(manager, "marcus.lindqvist@northwind.example")
    manager.goto(f"{BASE}/reviews")
    manager.locator("table.sessions a").first.click()  # the upcoming session with Helena
    manager.screenshot(path="docs/review-session.png", full_page=False)
    helena = manager.context.browser.new_page()
    sign_in(helena, "helena.vasquez@northwind.example")
    helena.goto(f"{BASE}/")
    packet = helena.locator("a[href*='/packet']").first.get_attribute("href").split("?")[0]
    pdf_page(helena, f"{packet}.pdf", 0, "docs/packet-page.png")
    pdf_page(helena, "/brag-document?format=pdf", 0, "docs/brag-document-page.png")
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(phone, "helena.vasquez@northwind.example")
    phone.goto(f"{BASE}/artifacts/new?type=risk_register")
    phone.screenshot(path="docs/log-evidence-phone.png", full_page=False)
    browser.close()
print("Wrote docs/readiness-matrix.png, docs/dashboard.png, docs/risk-register.png, docs/review-session.png, "
      "docs/packet-page.png, docs/brag-document-page.png and docs/log-evidence-phone.png")
