"""The sandbox page in a real browser: Debian's headless Chromium driven by Selenium.

`./scripts/test` installs chromium and chromium-driver with apt when they are missing;
where that is impossible the test is skipped and says why. Selenium is given the driver's
path, so Selenium Manager never downloads anything. WA_BRIDGE_SCREENSHOT=docs/sandbox.png
saves the README's picture.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.world import Sandbox

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WAIT = 20  # seconds: the worker, Bolt and the status callbacks run in real time

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="no chromium/chromedriver (./scripts/test installs them with apt-get where it can: "
           "apt-get install chromium chromium-driver)",
)


@pytest.fixture
def browser() -> Iterator[Any]:
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager: never reach the network
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1500,900", "--lang=en-GB", "--no-first-run"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _retry(act: Callable[[], Any], attempts: int = 20) -> Any:
    """The page re-renders when the app posts: an element found a moment ago may be gone."""
    from selenium.common.exceptions import StaleElementReferenceException

    for _ in range(attempts - 1):
        try:
            return act()
        except StaleElementReferenceException:
            time.sleep(0.1)
    return act()


def test_a_customer_message_becomes_a_card_that_is_claimed_and_answered_on_the_phone(
        sandbox: Sandbox, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT)
    browser.get(sandbox.url + "/")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".channel-link")))

    browser.find_element(By.ID, "customer-text").send_keys("My invoice from last month looks wrong")
    browser.find_element(By.ID, "customer-send").click()

    wait.until(lambda d: "My invoice" in d.find_element(By.CSS_SELECTOR, "#channel-body .thread").text)
    card_css = (By.CSS_SELECTOR, "#channel-body .msg.card")
    text = _retry(lambda: browser.find_element(*card_css).text)
    assert "Layla Haddad" in text and "+971501234567" in text
    assert "billing" in text and "Unclaimed" in text  # the example's billing lane assigns by hand
    for control in ("Claim", "Close"):
        assert _retry(lambda: browser.find_element(*card_css).find_element(
            By.XPATH, f".//button[normalize-space()='{control}']"))
    assert _retry(lambda: browser.find_element(*card_css).find_element(
        By.CSS_SELECTOR, "select[data-action-id='card_label']"))
    assert "# billing" in browser.find_element(By.ID, "channel-name").text

    _retry(lambda: browser.find_element(*card_css).find_element(
        By.CSS_SELECTOR, "button[data-action-id='card_claim']").click())
    wait.until(lambda d: "Claimed" in _retry(lambda: d.find_element(*card_css).text))
    owner = _retry(lambda: browser.find_element(*card_css).text)
    assert "@Eee" in owner  # the acting person: the page picks a member of the lane (U0EEE)

    reply = "Thanks Layla! Let me check the invoice — شكراً لصبرك"
    _retry(lambda: browser.find_element(By.CSS_SELECTOR, ".thread-reply .reply-text").send_keys(reply))
    _retry(lambda: browser.find_element(By.CSS_SELECTOR, ".thread-reply .reply-send").click())

    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#phone .bubble.theirs")))
    assert "Thanks Layla!" in _retry(lambda: browser.find_element(By.CSS_SELECTOR, "#phone .bubble.theirs").text)
    wait.until(lambda d: _retry(lambda: d.find_element(By.CSS_SELECTOR, "#phone .bubble.theirs .ticks")
                                .get_attribute("data-status")) == "read")
    sent = sandbox.twilio.sent()
    assert len(sent) == 1 and sent[0]["To"] == "whatsapp:+971501234567" and "Thanks Layla!" in sent[0]["Body"]

    shot = os.environ.get("WA_BRIDGE_SCREENSHOT")
    if shot:
        Path(shot).parent.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(shot)
