// The dataset browser's small widgets: the label x language chart, the label picker, the
// shortcut overlay and the bundled icons.

#include "ui/widgets/icons.h"
#include "ui/data/labeldistributionchart.h"
#include "ui/data/labelpicker.h"
#include "ui/shell/shortcutoverlay.h"

#include "ui/widgets/qcustomplotinclude.h"

#include <QApplication>
#include <QHelpEvent>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QToolTip>

#include <algorithm>

using namespace glossa::ui;

namespace {

QList<LabelLanguageCount> sampleCounts()
{
    return {
        {QStringLiteral("billing"), QStringLiteral("en"), 40},
        {QStringLiteral("billing"), QStringLiteral("fr"), 12},
        {QStringLiteral("refund"), QStringLiteral("en"), 25},
        {QStringLiteral("refund"), QStringLiteral("fr"), 7},
        {QStringLiteral("refund"), QStringLiteral("zh"), 30},
        {QStringLiteral("shipping"), QStringLiteral("fr"), 9},
        {QString(), QStringLiteral("fr"), 5},
        {QString(), QStringLiteral("zh"), 2},
    };
}

QList<QCPBars *> barsOf(const LabelDistributionChart &chart)
{
    QList<QCPBars *> bars;
    auto *plot = chart.findChild<QCustomPlot *>();
    for (int i = 0; plot && i < plot->plottableCount(); ++i) {
        if (auto *b = qobject_cast<QCPBars *>(plot->plottable(i)))
            bars.append(b);
    }
    return bars;
}

bool hasBars(const LabelDistributionChart &chart, const QString &name)
{
    const auto bars = barsOf(chart);
    return std::any_of(bars.begin(), bars.end(), [&](const QCPBars *b) { return b->name() == name; });
}

// Bottom of the stack first.
QList<QCPBars *> stackOrder(const QList<QCPBars *> &bars)
{
    QList<QCPBars *> ordered;
    QCPBars *bottom = nullptr;
    for (auto *b : bars) {
        if (!b->barBelow())
            bottom = b;
    }
    for (QCPBars *b = bottom; b; b = b->barAbove())
        ordered.append(b);
    return ordered;
}

double languageKey(const LabelDistributionChart &chart, const QString &lang)
{
    const auto *plot = chart.findChild<QCustomPlot *>();
    const auto ticker = plot->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    return ticker ? ticker->ticks().key(lang, -1) : -1;
}

double valueAt(const QCPBars *bars, double key)
{
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
        if (qFuzzyCompare(it->key, key))
            return it->value;
    }
    return 0;
}

QListView *pickerList(const LabelPicker &picker)
{
    return picker.findChild<QListView *>(QStringLiteral("labelPickerList"));
}

QStringList visibleLabels(const LabelPicker &picker)
{
    QStringList names;
    const auto *model = pickerList(picker)->model();
    for (int row = 0; row < model->rowCount(); ++row)
        names.append(model->index(row, 0).data().toString());
    return names;
}

} // namespace

class TestLabelWidgets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chartStacksOneSeriesPerLabel();
    void chartKeepsLabelColours();
    void chartFollowsLabelOrderAndExplainsBars();
    void chartCoalescesUpdates();
    void chartFoldsManyLabelsIntoOther();
    void chartShowsNothingForNoCounts();
    void pickerFiltersAsYouType();
    void pickerFindsChineseLabels();
    void pickerClosesOnEscape();
    void overlayListsEveryEntryAndClosesOnEscape();
    void overlayClosesOnF1ClickAndFollowsWindowSize();
    void overlayDrawsKeysAsKeycaps();
    void bundledIconsWithoutTheme();
};

void TestLabelWidgets::chartStacksOneSeriesPerLabel()
{
    LabelDistributionChart chart;
    chart.resize(700, 360);
    chart.show();
    chart.setCounts(sampleCounts());
    QTRY_COMPARE(barsOf(chart).size(), 4);

    // Billing, refund, shipping in the dataset's order, unlabelled last.
    const auto stack = stackOrder(barsOf(chart));
    QCOMPARE(stack.size(), 4);
    QCOMPARE(stack[0]->name(), QStringLiteral("billing"));
    QCOMPARE(stack[1]->name(), QStringLiteral("refund"));
    QCOMPARE(stack[2]->name(), QStringLiteral("shipping"));
    QCOMPARE(stack[3]->name(), QStringLiteral("Unlabelled"));

    // Most examples at the top: en 65, fr 33, zh 32.
    QCOMPARE(languageKey(chart, QStringLiteral("en")), 1.0);
    QCOMPARE(languageKey(chart, QStringLiteral("fr")), 2.0);
    QCOMPARE(languageKey(chart, QStringLiteral("zh")), 3.0);

    const double fr = languageKey(chart, QStringLiteral("fr"));
    QCOMPARE(valueAt(stack[0], fr), 12.0);
    QCOMPARE(valueAt(stack[1], fr), 7.0);
    QCOMPARE(valueAt(stack[2], fr), 9.0);
    QCOMPARE(valueAt(stack[3], fr), 5.0);
    const double zh = languageKey(chart, QStringLiteral("zh"));
    QCOMPARE(valueAt(stack[0], zh), 0.0);
    QCOMPARE(valueAt(stack[1], zh), 30.0);
    QCOMPARE(valueAt(stack[3], zh), 2.0);

    // The legend names every stack, and the longest bar leaves room for its total.
    const auto *plot = chart.findChild<QCustomPlot *>();
    QCOMPARE(plot->legend->itemCount(), 4);
    QVERIFY(plot->xAxis->range().upper > 65);
}

void TestLabelWidgets::chartKeepsLabelColours()
{
    LabelDistributionChart chart;
    chart.resize(700, 360);
    chart.setCounts(sampleCounts());
    QTRY_COMPARE(barsOf(chart).size(), 4);
    QHash<QString, QColor> before;
    for (const auto *bars : barsOf(chart))
        before.insert(bars->name(), bars->brush().color());
    QSet<QRgb> distinct;
    for (const auto &colour : std::as_const(before))
        distinct.insert(colour.rgb());
    QCOMPARE(distinct.size(), 4);

    // Another order, one label gone, one new: the others keep their colours.
    QList<LabelLanguageCount> next = {
        {QStringLiteral("shipping"), QStringLiteral("ja"), 3},
        {QStringLiteral("complaint"), QStringLiteral("en"), 4},
        {QStringLiteral("refund"), QStringLiteral("en"), 26},
        {QStringLiteral("refund"), QStringLiteral("fr"), 7},
        {QString(), QStringLiteral("fr"), 4},
    };
    chart.setCounts(next);
    QTRY_VERIFY(hasBars(chart, QStringLiteral("complaint")));
    QHash<QString, QColor> after;
    for (const auto *bars : barsOf(chart))
        after.insert(bars->name(), bars->brush().color());
    QCOMPARE(after.size(), 4);
    // Stacks keep their places; a new label goes after the known ones.
    QStringList order;
    for (const auto *bars : stackOrder(barsOf(chart)))
        order.append(bars->name());
    QCOMPARE(order, (QStringList{QStringLiteral("refund"), QStringLiteral("shipping"), QStringLiteral("complaint"),
                                 QStringLiteral("Unlabelled")}));
    QCOMPARE(after.value(QStringLiteral("refund")), before.value(QStringLiteral("refund")));
    QCOMPARE(after.value(QStringLiteral("shipping")), before.value(QStringLiteral("shipping")));
    QCOMPARE(after.value(QStringLiteral("Unlabelled")), before.value(QStringLiteral("Unlabelled")));
    QVERIFY(after.value(QStringLiteral("complaint")) != after.value(QStringLiteral("refund")));
    QVERIFY(after.value(QStringLiteral("complaint")) != after.value(QStringLiteral("shipping")));
    QCOMPARE(chart.labelColour(QStringLiteral("refund")), before.value(QStringLiteral("refund")));

    // Billing comes back (an undo) with its old colour: nobody took its place.
    chart.setCounts(sampleCounts());
    QTRY_VERIFY(hasBars(chart, QStringLiteral("billing")));
    QCOMPARE(chart.labelColour(QStringLiteral("billing")), before.value(QStringLiteral("billing")));
}

void TestLabelWidgets::chartFollowsLabelOrderAndExplainsBars()
{
    LabelDistributionChart chart;
    chart.resize(700, 360);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setLabelOrder({QStringLiteral("shipping"), QStringLiteral("refund"), QStringLiteral("billing")});
    chart.setCounts(sampleCounts());
    QTRY_COMPARE(barsOf(chart).size(), 4);
    QStringList order;
    for (const auto *bars : stackOrder(barsOf(chart)))
        order.append(bars->name());
    QCOMPARE(order, (QStringList{QStringLiteral("shipping"), QStringLiteral("refund"), QStringLiteral("billing"),
                                 QStringLiteral("Unlabelled")}));

    // Hovering French's "refund" part names the language and gives every label's count.
    auto *plot = chart.findChild<QCustomPlot *>();
    plot->replot();
    const double fr = languageKey(chart, QStringLiteral("fr"));
    const QPoint pos(static_cast<int>(plot->xAxis->coordToPixel(9 + 3.5)),
                     static_cast<int>(plot->yAxis->coordToPixel(fr)));
    QHelpEvent help(QEvent::ToolTip, pos, plot->mapToGlobal(pos));
    QApplication::sendEvent(plot, &help);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString tip = QToolTip::text();
    QVERIFY2(tip.contains(QStringLiteral("<b>fr</b>")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("<b>refund</b>")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("billing")) && tip.contains(QStringLiteral("Unlabelled")), qPrintable(tip));
    QToolTip::hideText();
}

void TestLabelWidgets::chartCoalescesUpdates()
{
    LabelDistributionChart chart;
    chart.resize(700, 360);
    chart.setCounts(sampleCounts());
    QTRY_COMPARE(barsOf(chart).size(), 4);
    auto *plot = chart.findChild<QCustomPlot *>();
    QSignalSpy replots(plot, &QCustomPlot::afterReplot);
    auto *pending = chart.findChild<QTimer *>(QStringLiteral("labelDistributionUpdate"));
    QVERIFY(pending);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    // Settled: no rebuild pending and the replots it queued delivered.
    QTRY_VERIFY(!pending->isActive());
    QCoreApplication::processEvents();
    replots.clear();
    QSignalSpy rebuilds(pending, &QTimer::timeout);

    // A burst of edits (one per click) draws once, with the last counts.
    for (int i = 1; i <= 20; ++i) {
        auto counts = sampleCounts();
        counts[0].count = 40 + i;
        chart.setCounts(counts);
    }
    QTRY_COMPARE(valueAt(stackOrder(barsOf(chart))[0], languageKey(chart, QStringLiteral("en"))), 60.0);
    QTRY_VERIFY(!pending->isActive());
    QCoreApplication::processEvents();
    // Rebuilt once (the chart's own coalescing), drawn once or twice (QCustomPlot's).
    QCOMPARE(rebuilds.size(), 1);
    QVERIFY2(replots.size() >= 1 && replots.size() <= 2, qPrintable(QString::number(replots.size())));
}

void TestLabelWidgets::chartFoldsManyLabelsIntoOther()
{
    LabelDistributionChart chart;
    chart.resize(900, 700);
    QList<LabelLanguageCount> counts;
    const QStringList langs = {QStringLiteral("en"), QStringLiteral("es"), QStringLiteral("zh")};
    qint64 total = 0;
    for (int label = 0; label < 30; ++label) {
        for (const auto &lang : langs) {
            counts.append({QStringLiteral("label_%1").arg(label), lang, 100 - label});
            total += 100 - label;
        }
    }
    chart.setCounts(counts);
    QTRY_VERIFY(!barsOf(chart).isEmpty());
    const auto stack = stackOrder(barsOf(chart));
    QCOMPARE(stack.size(), chart.maxLabelStacks());
    // The eleven largest labels keep a stack; the rest share "Other", last.
    QCOMPARE(stack.first()->name(), QStringLiteral("label_0"));
    QVERIFY(stack.last()->name().startsWith(QStringLiteral("Other")));
    double sum = 0;
    for (const auto *bars : stack)
        sum += valueAt(bars, languageKey(chart, QStringLiteral("es")));
    QCOMPARE(sum * static_cast<double>(langs.size()), static_cast<double>(total));
}

void TestLabelWidgets::chartShowsNothingForNoCounts()
{
    LabelDistributionChart chart;
    chart.setCounts(sampleCounts());
    QTRY_COMPARE(barsOf(chart).size(), 4);
    chart.setCounts({});
    QTRY_COMPARE(barsOf(chart).size(), 0);
    QVERIFY(!chart.findChild<QCustomPlot *>()->legend->visible());
}

void TestLabelWidgets::pickerFiltersAsYouType()
{
    QWidget window;
    window.resize(400, 300);
    window.show();
    LabelPicker picker(&window);
    const QStringList names = {QStringLiteral("refund_request"), QStringLiteral("Billing"),
                               QStringLiteral("退款申请"),       QStringLiteral("shipping_delay"),
                               QStringLiteral("cancel_order"),   QStringLiteral("account_access")};
    picker.setLabels(names);
    QSignalSpy picked(&picker, &LabelPicker::labelPicked);
    picker.popup(window.mapToGlobal(QPoint(20, 20)));
    QVERIFY(picker.isVisible());
    QCOMPARE(visibleLabels(picker), names);

    auto *filter = picker.findChild<QLineEdit *>(QStringLiteral("labelPickerFilter"));
    QTest::keyClicks(filter, QStringLiteral("ING"));
    QCOMPARE(visibleLabels(picker), (QStringList{QStringLiteral("Billing"), QStringLiteral("shipping_delay")}));

    // Down moves to the second match; Enter picks it by its index in the full list.
    QTest::keyClick(filter, Qt::Key_Down);
    QTest::keyClick(filter, Qt::Key_Return);
    QCOMPARE(picked.size(), 1);
    QCOMPARE(picked.first().first().toInt(), 3);
    QVERIFY(!picker.isVisible());

    // Opening again starts from an empty filter; Enter takes the first match.
    picker.popup(window.mapToGlobal(QPoint(20, 20)));
    QCOMPARE(picker.filterText(), QString());
    QTest::keyClicks(filter, QStringLiteral("order"));
    QCOMPARE(visibleLabels(picker), QStringList{QStringLiteral("cancel_order")});
    QTest::keyClick(filter, Qt::Key_Enter);
    QCOMPARE(picked.size(), 2);
    QCOMPARE(picked.last().first().toInt(), 4);

    // No match: Enter picks nothing.
    picker.popup(window.mapToGlobal(QPoint(20, 20)));
    QTest::keyClicks(filter, QStringLiteral("zzz"));
    QVERIFY(visibleLabels(picker).isEmpty());
    QTest::keyClick(filter, Qt::Key_Return);
    QCOMPARE(picked.size(), 2);
}

void TestLabelWidgets::pickerFindsChineseLabels()
{
    LabelPicker picker;
    const QStringList names = {QStringLiteral("退货"), QStringLiteral("账户问题"), QStringLiteral("退款申请"),
                               QStringLiteral("refund")};
    picker.setLabels(names);
    QSignalSpy picked(&picker, &LabelPicker::labelPicked);
    picker.popup(QPoint(10, 10));
    auto *filter = picker.findChild<QLineEdit *>(QStringLiteral("labelPickerFilter"));
    // Chinese arrives through the input method, committed as a whole word.
    QInputMethodEvent input;
    input.setCommitString(QStringLiteral("退款"));
    QApplication::sendEvent(filter, &input);
    QCOMPARE(filter->text(), QStringLiteral("退款"));
    QCOMPARE(visibleLabels(picker), QStringList{QStringLiteral("退款申请")});
    QTest::keyClick(filter, Qt::Key_Return);
    QCOMPARE(picked.size(), 1);
    QCOMPARE(picked.first().first().toInt(), 2);
}

void TestLabelWidgets::pickerClosesOnEscape()
{
    LabelPicker picker;
    picker.setLabels({QStringLiteral("a"), QStringLiteral("b")});
    QSignalSpy picked(&picker, &LabelPicker::labelPicked);
    picker.popup(QPoint(10, 10));
    QVERIFY(picker.isVisible());
    QTest::keyClick(picker.findChild<QLineEdit *>(QStringLiteral("labelPickerFilter")), Qt::Key_Escape);
    QVERIFY(!picker.isVisible());
    QCOMPARE(picked.size(), 0);
}

namespace {

QList<ShortcutEntry> sampleShortcuts()
{
    return {
        {QStringLiteral("Navigation"), QStringLiteral("J / Down"), QStringLiteral("Next example")},
        {QStringLiteral("Navigation"), QStringLiteral("K / Up"), QStringLiteral("Previous example")},
        {QStringLiteral("Navigation"), QStringLiteral("Ctrl+F"), QStringLiteral("Find examples")},
        {QStringLiteral("Labelling"), QStringLiteral("1 – 9"), QStringLiteral("Set one of the first nine labels")},
        {QStringLiteral("Labelling"), QStringLiteral("L"), QStringLiteral("Choose any label")},
        {QStringLiteral("Labelling"), QStringLiteral("0"), QStringLiteral("Clear the label")},
        {QStringLiteral("Editing"), QStringLiteral("Ctrl+Z"), QStringLiteral("Undo")},
        {QStringLiteral("Editing"), QStringLiteral("Ctrl+Shift+Z"), QStringLiteral("Redo")},
        {QStringLiteral("Views"), QStringLiteral("Ctrl+1"), QStringLiteral("Project panel")},
        {QStringLiteral("Views"), QStringLiteral("F1 / ?"), QStringLiteral("Keyboard shortcuts")},
    };
}

} // namespace

void TestLabelWidgets::overlayListsEveryEntryAndClosesOnEscape()
{
    QWidget window;
    window.resize(1280, 800);
    auto *field = new QLineEdit(&window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    field->setFocus();
    QTRY_VERIFY(field->hasFocus());

    ShortcutOverlay overlay;
    overlay.setShortcuts(sampleShortcuts());
    QSignalSpy closed(&overlay, &ShortcutOverlay::closed);
    overlay.showOver(&window);
    QVERIFY(overlay.isVisible());
    QCOMPARE(overlay.parentWidget(), &window);
    QCOMPARE(overlay.geometry(), window.rect());
    QTRY_VERIFY(overlay.hasFocus());

    QStringList shown;
    for (const auto *label : overlay.findChildren<QLabel *>(QStringLiteral("shortcutDescription"))) {
        QVERIFY(label->isVisible());
        QVERIFY(!label->visibleRegion().isEmpty());
        shown.append(label->text());
    }
    QStringList expected;
    for (const auto &entry : sampleShortcuts())
        expected.append(entry.description);
    shown.sort();
    expected.sort();
    QCOMPARE(shown, expected);
    QStringList sections;
    for (const auto *label : overlay.findChildren<QLabel *>(QStringLiteral("shortcutSection")))
        sections.append(label->text());
    QCOMPARE(sections.size(), 4);
    QVERIFY(overlay.columnCount() >= 2);

    QTest::keyClick(&overlay, Qt::Key_Escape);
    QVERIFY(!overlay.isVisible());
    QCOMPARE(closed.size(), 1);
    // The keyboard goes back where it was.
    QTRY_VERIFY(field->hasFocus());
}

void TestLabelWidgets::overlayClosesOnF1ClickAndFollowsWindowSize()
{
    QWidget window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *overlay = new ShortcutOverlay(&window);
    overlay->setShortcuts(sampleShortcuts());

    overlay->showOver(&window);
    window.resize(1600, 1000);
    QTRY_COMPARE(overlay->geometry(), window.rect());
    QCOMPARE(overlay->columnCount(), 3);
    QTest::keyClick(overlay, Qt::Key_F1);
    QVERIFY(!overlay->isVisible());

    overlay->showOver(&window);
    QTest::keyClick(overlay, Qt::Key_Question, Qt::ShiftModifier);
    QVERIFY(!overlay->isVisible());

    overlay->showOver(&window);
    QTest::mouseClick(overlay, Qt::LeftButton, {}, QPoint(10, 10));
    QVERIFY(!overlay->isVisible());

    // Narrow windows get fewer columns, and every entry still shows (scrolling if need be).
    window.resize(700, 500);
    overlay->showOver(&window);
    QVERIFY(overlay->columnCount() < 3);
    QCOMPARE(overlay->findChildren<QLabel *>(QStringLiteral("shortcutDescription")).size(), sampleShortcuts().size());
}

void TestLabelWidgets::overlayDrawsKeysAsKeycaps()
{
    ShortcutOverlay overlay;
    overlay.setShortcuts(sampleShortcuts());
    QStringList keys;
    for (const auto *widget : overlay.findChildren<QWidget *>()) {
        if (!widget->accessibleName().isEmpty())
            keys.append(widget->accessibleName());
    }
    QVERIFY(keys.contains(QStringLiteral("Ctrl+Shift+Z")));
    QVERIFY(keys.contains(QStringLiteral("F1 / ?")));
    QCOMPARE(keys.size(), sampleShortcuts().size());

    QCOMPARE(ShortcutOverlay::keysText(QKeySequence(Qt::CTRL | Qt::Key_Z)), QStringLiteral("Ctrl+Z"));
    QCOMPARE(ShortcutOverlay::keysText({QKeySequence(Qt::Key_F1), QKeySequence(QStringLiteral("?"))}),
             QStringLiteral("F1 / ?"));
}

void TestLabelWidgets::bundledIconsWithoutTheme()
{
    const QString theme = QIcon::themeName();
    QIcon::setThemeName(QString());
    const QStringList names = {
        QStringLiteral("document-new"),
        QStringLiteral("document-open"),
        QStringLiteral("document-open-recent"),
        QStringLiteral("document-import"),
        QStringLiteral("edit-undo"),
        QStringLiteral("edit-redo"),
        QStringLiteral("edit-find"),
        QStringLiteral("view-filter"),
        QStringLiteral("help-keyboard-shortcuts"),
        QStringLiteral("tag"),
        QStringLiteral("tag-edit"),
        QStringLiteral("list-add"),
        QStringLiteral("go-next"),
        QStringLiteral("go-previous"),
        QStringLiteral("application-exit"),
        QStringLiteral("view-statistics"),
    };
    for (const auto &name : names) {
        QVERIFY2(bundledIconNames().contains(name), qPrintable(name));
        const QIcon icon = themedIcon(name);
        QVERIFY2(!icon.isNull(), qPrintable(name));
        // It draws: some pixels of the 24x24 image are not transparent.
        const QImage image = icon.pixmap(24, 24).toImage();
        QVERIFY2(!image.isNull(), qPrintable(name));
        int inked = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                inked += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        }
        QVERIFY2(inked > 20, qPrintable(name));
    }
    QVERIFY(themedIcon(QStringLiteral("no-such-icon-anywhere")).isNull());
    QIcon::setThemeName(theme);
}

QTEST_MAIN(TestLabelWidgets)

#include "tst_labelwidgets.moc"
