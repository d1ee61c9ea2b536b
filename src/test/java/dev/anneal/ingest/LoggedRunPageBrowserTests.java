package dev.anneal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The page of a run a script logged, in a real Chromium: its rate beside the schedule read from it, its metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LoggedRunPageBrowserTests extends BrowserTestSupport {

    @Test
    void shouldDrawTheLoggedRateBesideItsInferredScheduleWithRestartsAndEveryOtherMetric() throws Exception {
        String id = api().launch("""
                {"kind": "external", "name": "a script's <b>run</b>", "params": {"optimizer": "SGD"},
                 "source": {"script": "train.py", "git_commit": "3f2a9c1"}}""");
        // PyTorch's CosineAnnealingWarmRestarts(T_0=20, T_mult=2) from 0.1, as a script logs it every step
        String steps = IntStream.range(0, 140).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String rates = IntStream.range(0, 140)
                .mapToObj(step -> {
                    int start = step < 20 ? 0 : step < 60 ? 20 : 60;
                    int length = step < 20 ? 20 : step < 60 ? 40 : 80;
                    return Double.toString(0.05 * (1 + Math.cos(Math.PI * (step - start) / length)));
                })
                .collect(Collectors.joining(","));
        String losses = IntStream.range(0, 140)
                .mapToObj(step -> Double.toString(2.0 / (1 + step)))
                .collect(Collectors.joining(","));
        api().post("/api/runs/" + id + "/log", """
                {"metrics": [{"key": "lr", "steps": [%s], "values": [%s]},
                             {"key": "train_loss", "steps": [%s], "values": [%s]},
                             {"key": "val_acc", "steps": [69, 139], "values": [0.8, 0.9]}]}""".formatted(steps, rates, steps, losses));
        api().act("/api/runs/" + id + "/finish");

        open("/runs/" + id);
        browser.waiting(10)
                .until(driver -> driver.findElements(By.cssSelector("[data-role=metric-charts] canvas"))
                                .size()
                        == 2);

        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("a script's <b>run</b>");
        assertThat(script("return Chart.getChart('lr-chart').data.datasets.map(d => d.label)"))
                .asList()
                .containsExactly("lr", "inferred schedule");
        assertThat(script("return Chart.getChart('lr-chart').data.datasets[1].data.length"))
                .as("the schedule drawn at every logged step")
                .isEqualTo(140L);
        assertThat(script("return Object.values(Chart.getChart('lr-chart').options.plugins.annotation.annotations)"
                        + ".map(a => a.label.content)"))
                .asList()
                .containsExactly("cycle 1", "cycle 2");
        String schedule = browser.driver()
                .findElement(By.cssSelector("[data-role=schedule]"))
                .getText();
        assertThat(schedule).contains("source inferred").contains("t_max 20").contains("t_mult 2");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=params]"))
                        .getText())
                .contains("optimizer SGD");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=source]"))
                        .getText())
                .contains("git_commit 3f2a9c1");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=summary]"))
                        .getText())
                .contains("best validation accuracy 90.00 %")
                .contains("restarts 2")
                .contains("steps 139");
        var cycleEnds = browser.driver().findElements(By.cssSelector("[data-role=cycle-ends] tr")).stream()
                .map(row -> row.getText())
                .toList();
        assertThat(cycleEnds)
                .as("the header, then cycles 0 to 2, each ending where the next starts; val_acc logged in cycle 2 only")
                .containsExactly(
                        "cycle ends at step train_loss val_acc",
                        "0 20 0.09524 —",
                        "1 60 0.03279 —",
                        "2 140 0.01429 90.00 %");
        assertThat(pointsOffTheirAxes()).isEmpty();
        browser.assertNoConsoleErrors();
        browser.screenshot("logged-run-page");
    }
}
