import { describe, expect, it } from "vitest";
import { parseTimeOfDay, quarterHours } from "./time-of-day";

describe("parseTimeOfDay", () => {
  it.each([
    // 24-hour forms
    ["9:00", "09:00"],
    ["09:00", "09:00"],
    ["21:30", "21:30"],
    ["0:05", "00:05"],
    ["23:59", "23:59"],
    ["9", "09:00"],
    ["17", "17:00"],
    ["9.30", "09:30"],
    ["9h30", "09:30"],
    ["0930", "09:30"],
    ["2130", "21:30"],
    [" 7:45 ", "07:45"],
    // 12-hour forms
    ["9am", "09:00"],
    ["9 am", "09:00"],
    ["9AM", "09:00"],
    ["9 a.m.", "09:00"],
    ["9a", "09:00"],
    ["9pm", "21:00"],
    ["9:30pm", "21:30"],
    ["9:30 PM", "21:30"],
    ["12am", "00:00"],
    ["12:15 am", "00:15"],
    ["12pm", "12:00"],
    ["12:45pm", "12:45"],
    ["930pm", "21:30"],
    // words
    ["noon", "12:00"],
    ["Midnight", "00:00"],
  ])("reads %j as %s", (input, expected) => {
    expect(parseTimeOfDay(input)).toBe(expected);
  });

  it.each([
    ["empty", ""],
    ["spaces", "   "],
    ["25:00", "25:00"],
    ["24:00", "24:00"],
    ["9:60", "9:60"],
    ["13pm", "13pm"],
    ["0am", "0am"],
    ["9:5", "9:5"],
    ["minutes only", ":30"],
    ["three hour digits", "123:00"],
    ["negative", "-9:00"],
    ["words", "nine"],
    ["seconds", "9:00:00"],
    ["two times", "9-10"],
    ["NUL", "9:00\u0000"],
    ["an inherited name", "constructor"],
    ["an inherited name", "toString"],
    ["an inherited name", "__proto__"],
    ["an inherited name", "hasOwnProperty"],
  ])("refuses %s (%j)", (_name, input) => {
    expect(parseTimeOfDay(input)).toBeNull();
  });

  it("reads every HH:MM of the day as itself, and its 12-hour form to the same time", () => {
    for (let minutes = 0; minutes < 24 * 60; minutes++) {
      const hour = Math.floor(minutes / 60);
      const minute = minutes % 60;
      const hhmm = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
      expect(parseTimeOfDay(hhmm)).toBe(hhmm);
      const twelve = `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, "0")} ${hour < 12 ? "am" : "pm"}`;
      expect(parseTimeOfDay(twelve)).toBe(hhmm);
    }
  });

  it("offers the 96 quarter hours, each of which it reads back", () => {
    const times = quarterHours();
    expect(times).toHaveLength(96);
    expect(times[0]).toBe("00:00");
    expect(times.at(-1)).toBe("23:45");
    for (const time of times) expect(parseTimeOfDay(time)).toBe(time);
  });
});
