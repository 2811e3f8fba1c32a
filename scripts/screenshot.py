"""Regenerate the README screenshots from a running demo: python scripts/screenshot.py [BASE_URL]"""
import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(phone, "helena.vasquez@northwind.example")
    phone.goto(f"{BASE}/artifacts/new?type=risk_register")
    phone.screenshot(path="docs/log-evidence-phone.png", full_page=False)
    browser.close()
print("Wrote docs/readiness-matrix.png, docs/dashboard.png, docs/risk-register.png, docs/review-session.png "
      "and docs/log-evidence-phone.png")
